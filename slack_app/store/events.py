"""Events API deliveries: recognised when Slack retries one, kept until its work is done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from slack_app.domain.events import REPLAY_AFTER, EventState
from slack_app.store.models import ProcessedEventRow
from slack_app.store.unit_of_work import UnitOfWork


def claim_event(
    uow: UnitOfWork, event_id: str, *, now: datetime, body: dict[str, Any] | None = None
) -> bool:
    """True the first time ``event_id`` is seen; False for every retry or duplicate.

    With its ``body``, the delivery is kept pending until ``handled``, and replayed if its
    work fails; without, it is recorded handled (the caller claims it in the transaction
    of its work). The primary key does the work, so two instances racing on the same
    delivery cannot both win; ON CONFLICT DO NOTHING makes it one statement, with no
    savepoint around it. Such an INSERT is not stamped by the unit of work's hook: the row
    carries its workspace.
    """
    session, workspace = uow.session, uow.workspace
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    kept = {"state": EventState.PENDING, "body": body, "due_at": now + REPLAY_AFTER}
    claimed = session.scalars(
        insert(ProcessedEventRow)
        .values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            event_id=event_id,
            received_at=now,
            attempts=0,
            **(kept if body is not None else {"state": EventState.HANDLED}),
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(ProcessedEventRow.event_id)
    )
    return claimed.first() is not None


def mark_handled(uow: UnitOfWork, event_id: str) -> None:
    """The delivery's work is done: in the transaction of that work, when it has one."""
    uow.session.execute(
        update(ProcessedEventRow)
        .where(
            ProcessedEventRow.event_id == event_id,
            ProcessedEventRow.state == EventState.PENDING,
        )
        .values(state=EventState.HANDLED, body=None)
        .execution_options(synchronize_session=False)
    )
