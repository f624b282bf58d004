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
from tests.support.clock import EPOCH, at_local, local_date, next_local

# The pilot starts at the epoch, and its lead, Alice, is in Berlin: the first check-in is
# on the next Monday at 09:00 there.
LEADS_ZONE = "Europe/Berlin"
FIRST = next_local(EPOCH, 0, time(9), LEADS_ZONE)
MINUTE = timedelta(minutes=1)


def after_first(days: int, at: time = time(9)) -> datetime:
    """``at`` in the lead's zone, ``days`` after the first check-in's day: the weekly ones
    are ``after_first(7 * n)``, at 09:00 there even when Berlin's clocks change between."""
    return at_local(local_date(FIRST, LEADS_ZONE) + timedelta(days=days), at, LEADS_ZONE)


def tick(db: Database, fake: FakeSlack, at: datetime) -> int | None:
    """Run due work as `slack-app tick --at` would, with the test's clock (and so Slack's)
    moved to ``at``."""
    fake.clock.current = at
    results = {r.name: r.done for r in run_due_work(db, at, web_client(BOT_TOKEN, fake.url))}
    return results["check-ins posted"]


def message_ts(fake: FakeSlack) -> str:
    """The ts Slack gives a message someone sends now: from the fake's own sequence, so it
    is never the ts of a message the app posted (a reply with its thread's own ts would be
    the thread's parent)."""
    return fake.workspace.new_ts()


def thread_reply(
    fake: FakeSlack, channel: str, thread_ts: str, *, user: str, text: str
) -> dict[str, Any]:
    """A person's reply in the thread of ``thread_ts``, as the message event Slack sends."""
    ts = message_ts(fake)
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "event_ts": ts,
    }


def checkin_posts(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == "milestone_checkin"
    ]


def rows(db: Database) -> list[CheckinRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(CheckinRow).order_by(CheckinRow.due_at)))
