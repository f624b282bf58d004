"""Events API deliveries in every workspace at once: replaying the ones whose work failed,
and forgetting old ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from slack_app.domain.events import REPLAYS, EventState, next_replay
from slack_app.store.models import ProcessedEventRow

PENDING = EventState.PENDING


@dataclass(frozen=True, slots=True)
class Unhandled:
    """A delivery to replay: its id and body, as Slack sent it."""

    event_id: str
    body: dict[str, Any]


def claim_unhandled(session: Session, now: datetime, *, limit: int) -> list[Unhandled]:
    """Claim up to ``limit`` pending deliveries whose time to replay has come: each is due
    again later (its next replay, should this one fail too), so of several dispatchers one
    replays it. One replayed ``REPLAYS`` times already is given up instead."""
    rows = session.execute(
        select(ProcessedEventRow.event_id, ProcessedEventRow.body, ProcessedEventRow.attempts)
        .where(ProcessedEventRow.state == PENDING, ProcessedEventRow.due_at <= now)
        .order_by(ProcessedEventRow.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    replayed = []
    for event_id, body, attempts in rows:
        done = attempts >= REPLAYS or body is None
        values: dict[str, Any] = (
            {"state": EventState.GIVEN_UP}
            if done
            else {"due_at": next_replay(now, attempts + 1), "attempts": attempts + 1}
        )
        session.execute(
            update(ProcessedEventRow)
            .where(ProcessedEventRow.event_id == event_id, ProcessedEventRow.state == PENDING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not done:
            replayed.append(Unhandled(event_id, dict(body)))
    return replayed


def event_counts(session: Session) -> dict[tuple[EventState, bool], int]:
    """How many deliveries are in each state, apart by whether they were replayed."""
    replayed = ProcessedEventRow.attempts > 0
    query = select(ProcessedEventRow.state, replayed, func.count()).group_by(
        ProcessedEventRow.state, replayed
    )
    return {(state, bool(again)): int(count) for state, again, count in session.execute(query)}


def forget_events_before(session: Session, cutoff: datetime) -> int:
    """Delete the deliveries received before ``cutoff``, in every workspace: their retries
    can no longer arrive, and a pending one has been given up long since. How many went."""
    result = session.execute(
        delete(ProcessedEventRow).where(
            ProcessedEventRow.received_at < cutoff, ProcessedEventRow.state != PENDING
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
