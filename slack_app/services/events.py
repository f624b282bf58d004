"""Applying each Events API delivery once."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_app.store.claims.events import forget_events_before
from slack_app.store.database import Database
from slack_app.store.events import claim_event
from slack_app.store.unit_of_work import UnitOfWork

# Slack gives up retrying an event within minutes; a day of event ids is plenty to
# recognise every retry, and keeps the table small.
EVENT_MEMORY = timedelta(days=1)


def first_delivery(uow: UnitOfWork, event_id: str, *, now: datetime) -> bool:
    """True when this delivery is new; False for Slack's retries of one already handled.

    Claimed in the request's unit of work: the claim commits with the work it guards, and
    is undone with it when the work fails.
    """
    return claim_event(uow, event_id, now=now)


def forget_old_events(db: Database, now: datetime) -> int:
    """Drop event ids older than a day, in every workspace: their retries can no longer
    arrive."""
    with db.across_workspaces() as session:
        return forget_events_before(session, now - EVENT_MEMORY)
