"""Keys of work done once: Events API deliveries and modal submissions, one table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from slack_app.domain.events import REPLAY_AFTER, EventState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import ProcessedEventRow
from slack_app.store.upsert import upsert


def write_once(
    session: Session,
    workspace: Workspace,
    key: str,
    *,
    now: datetime,
    body: dict[str, Any] | None = None,
) -> bool:
    """Record ``key``; False when it was recorded before (by this or another instance).

    With a ``body`` (an event claimed before its ack) it is kept pending, to be replayed
    until handled; without, it is recorded handled (claimed in the transaction of its
    work). The primary key does the work, so two instances racing on one key cannot both
    win; ON CONFLICT DO NOTHING makes it one statement, with no savepoint around it. Such
    an INSERT is not stamped by the unit of work's hook: the row carries its workspace.
    """
    kept = {"state": EventState.PENDING, "body": body, "due_at": now + REPLAY_AFTER}
    claimed = session.scalars(
        upsert(session, ProcessedEventRow)
        .values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            event_id=key,
            received_at=now,
            attempts=0,
            **(kept if body is not None else {"state": EventState.HANDLED}),
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(ProcessedEventRow.event_id)
    )
    return claimed.first() is not None
