"""Applying each Events API delivery once."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.events import claim_event, forget_events_before

# Slack gives up retrying an event within minutes; a day of event ids is plenty to
# recognise every retry, and keeps the table small.
EVENT_MEMORY = timedelta(days=1)


def first_delivery(db: Database, workspace: Workspace, event_id: str, *, now: datetime) -> bool:
    """True when this delivery is new; False for Slack's retries of one already handled."""
    with db.transaction() as session:
        return claim_event(session, workspace, event_id, now=now)


def forget_old_events(db: Database, now: datetime) -> int:
    """Drop event ids older than a day: their retries can no longer arrive."""
    with db.transaction() as session:
        return forget_events_before(session, now - EVENT_MEMORY)
