"""Applying each Events API delivery once, and none of them lost after its ack (see
``domain/events.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_app.domain.events import EventState
from slack_app.store.claims.events import (
    Unhandled,
    claim_unhandled,
    event_counts,
    forget_events_before,
)
from slack_app.store.database import Database
from slack_app.store.events import mark_handled, was_recorded
from slack_app.store.once import write_once
from slack_app.store.unit_of_work import UnitOfWork

__all__ = [
    "EventsReport",
    "Unhandled",
    "events_report",
    "first_delivery",
    "forget_old_events",
    "handled",
    "seen",
    "to_replay",
]

# Slack gives up retrying an event within minutes; a day of event ids is plenty to
# recognise every retry, and keeps the table small.
EVENT_MEMORY = timedelta(days=1)


def first_delivery(
    uow: UnitOfWork, event_id: str, *, now: datetime, body: dict[str, Any] | None = None
) -> bool:
    """True when this delivery is new; False for Slack's retries of one already seen.

    With its ``body`` (claimed before the ack), the delivery is kept until ``handled``;
    without (claimed in the unit of work of its work), it is handled when that commits.
    """
    return write_once(uow.session, uow.workspace, event_id, now=now, body=body)


def handled(uow: UnitOfWork, event_id: str) -> None:
    """The delivery's work is done (in that work's unit of work, when it has one open)."""
    mark_handled(uow, event_id)


def seen(uow: UnitOfWork, key: str) -> bool:
    """Whether ``key`` (a delivery, a modal's view) was recorded already."""
    return was_recorded(uow, key)


def to_replay(db: Database, now: datetime, *, limit: int = 20) -> list[Unhandled]:
    """Pending deliveries whose work failed or whose process died, claimed for replay."""
    with db.across_workspaces() as session:
        return claim_unhandled(session, now, limit=limit)


@dataclass(frozen=True, slots=True)
class EventsReport:
    """Where the Events API deliveries of the last day stand, in every workspace."""

    pending: int = 0  # acked, their work not yet done (nor failed long enough to replay)
    replaying: int = 0  # their work failed after the ack: replayed until it is done
    handled: int = 0
    given_up: int = 0


def events_report(db: Database) -> EventsReport:
    with db.across_workspaces() as session:
        found = event_counts(session)
    return EventsReport(
        pending=found.get((EventState.PENDING, False), 0),
        replaying=found.get((EventState.PENDING, True), 0),
        handled=sum(n for (state, _), n in found.items() if state is EventState.HANDLED),
        given_up=sum(n for (state, _), n in found.items() if state is EventState.GIVEN_UP),
    )


def forget_old_events(db: Database, now: datetime) -> int:
    """Drop settled event ids older than a day, in every workspace: their retries can no
    longer arrive."""
    with db.across_workspaces() as session:
        return forget_events_before(session, now - EVENT_MEMORY)
