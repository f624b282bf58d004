"""Events API deliveries already handled: Slack retries, the app does the work once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from slack_app.store.models import ProcessedEventRow
from slack_app.store.unit_of_work import UnitOfWork


def claim_event(uow: UnitOfWork, event_id: str, *, now: datetime) -> bool:
    """True the first time ``event_id`` is seen; False for every retry or duplicate.

    The primary key does the work, so two instances racing on the same delivery cannot
    both win; ON CONFLICT DO NOTHING makes it one statement, with no savepoint around it.
    Such an INSERT is not stamped by the unit of work's hook: the row carries its workspace.
    """
    session, workspace = uow.session, uow.workspace
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    claimed = session.scalars(
        insert(ProcessedEventRow)
        .values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            event_id=event_id,
            received_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(ProcessedEventRow.event_id)
    )
    return claimed.first() is not None
