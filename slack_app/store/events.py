"""Events API deliveries: recognised when Slack retries one, kept until its work is done."""

from __future__ import annotations

from sqlalchemy import null, select, update

from slack_app.domain.events import EventState
from slack_app.store.models import ProcessedEventRow
from slack_app.store.unit_of_work import UnitOfWork


def mark_handled(uow: UnitOfWork, event_id: str) -> None:
    """The delivery's work is done: in the transaction of that work, when it has one."""
    uow.session.execute(
        update(ProcessedEventRow)
        .where(
            ProcessedEventRow.event_id == event_id,
            ProcessedEventRow.state == EventState.PENDING,
        )
        .values(state=EventState.HANDLED, body=null())
        .execution_options(synchronize_session=False)
    )


def was_recorded(uow: UnitOfWork, key: str) -> bool:
    found = uow.session.scalar(
        select(ProcessedEventRow.event_id).where(ProcessedEventRow.event_id == key)
    )
    return found is not None
