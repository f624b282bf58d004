"""Steps of F6 scenario tests: ticking as of an instant, and reading check-ins back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from slack_app.scheduler.jobs import run_due_work
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.models import CheckinRow
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.clock import EPOCH, next_local

# The pilot starts at the epoch, and its lead, Alice, is in Berlin: the first check-in is
# on the next Monday at 09:00 there.
FIRST = next_local(EPOCH, 0, time(9), "Europe/Berlin")
MINUTE = timedelta(minutes=1)


def tick(db: Database, fake: FakeSlack, at: datetime) -> int | None:
    """Run due work as `slack-app tick --at` would, with the test's clock (and so Slack's)
    moved to ``at``."""
    fake.clock.current = at
    results = {r.name: r.done for r in run_due_work(db, at, web_client(BOT_TOKEN, fake.url))}
    return results["check-ins posted"]


def checkin_posts(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == "milestone_checkin"
    ]


def rows(db: Database) -> list[CheckinRow]:
    with db.transaction() as session:
        return list(session.scalars(select(CheckinRow).order_by(CheckinRow.due_at)))
