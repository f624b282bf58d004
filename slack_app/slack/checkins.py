"""Posting due check-ins: once each, never lost, in order per pilot, within Slack's limits.

Each due check-in is a database row that this process claims before posting it. The post
carries the check-in's id in its message metadata, so that a process taking over a claim
abandoned mid-post (a crash between posting and recording) first finds the post in the
channel's history and records it, instead of posting again.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.checkins import checkin_message
from slack_app.blocks.ids import Metadata
from slack_app.domain.checkins import current_milestone
from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import is_stale, reminder_at, zone_of
from slack_app.services.checkins import (
    Claimed,
    claim_checkins,
    mark_posted,
    mark_skipped,
    plan_checkins,
    release,
)
from slack_app.slack.errors import error_code
from slack_app.store.database import Database

log = logging.getLogger(__name__)
ROUNDS = 60  # plan-and-claim rounds a tick may take to catch up after a long outage
SPACING = 1.0  # seconds between two posts in one channel (Slack: about one a second)
HISTORY_PAGES = 5  # of 200 messages: how far back an abandoned post is looked for


class ChannelPacer:
    """At most one message a second per channel, from this process."""

    def __init__(self, spacing: float = SPACING) -> None:
        self._spacing = spacing
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(channel, 0.0) + self._spacing
            self._last[channel] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)


@dataclass
class Dispatched:
    posted: int = 0
    skipped: int = 0
    failed: int = 0


def dispatch_due_checkins(
    client: WebClient, db: Database, now: datetime, *, pacer: ChannelPacer | None = None
) -> Dispatched:
    """Plan, claim and post every check-in due by ``now`` (skipping the stale ones)."""
    pacer = pacer or ChannelPacer()
    result = Dispatched()
    for _ in range(ROUNDS):
        plan_checkins(db, now)
        claimed = claim_checkins(db, now)
        if not claimed:
            break
        for one in claimed:
            _dispatch(client, db, one, now, pacer=pacer, result=result)
    return result


def _dispatch(
    client: WebClient,
    db: Database,
    one: Claimed,
    now: datetime,
    *,
    pacer: ChannelPacer,
    result: Dispatched,
) -> None:
    team = one.bench.view.team
    running = one.bench.pilot.state is PilotState.RUNNING
    if not running or team is None or is_stale(one.checkin.due_at, now):
        mark_skipped(db, one, now)
        result.skipped += 1
        return
    try:
        ts = _find_posted(client, team.channel_id, one) or _post(
            client, team.channel_id, one, now, pacer
        )
    except SlackApiError as error:
        log.warning("check-in %s not posted (%s); due again", one.checkin.id, error_code(error))
        release(db, one, now)
        result.failed += 1
        return
    milestone = current_milestone(one.bench.structure)
    mark_posted(
        db,
        one,
        channel_id=team.channel_id,
        ts=ts,
        milestone_id=None if milestone is None else milestone.id,
        remind_at=reminder_at(one.checkin.due_at, one.schedule),
        now=now,
    )
    result.posted += 1


def _metadata(one: Claimed) -> dict[str, Any]:
    return {
        "event_type": Metadata.CHECKIN,
        "event_payload": {"checkin_id": one.checkin.id, "pilot_id": one.checkin.pilot_id},
    }


def _post(client: WebClient, channel: str, one: Claimed, now: datetime, pacer: ChannelPacer) -> str:
    today = now.astimezone(zone_of(one.schedule.zone)).date()
    text, blocks = checkin_message(one.bench.view, one.bench.structure, today)
    pacer.wait(channel)
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, metadata=_metadata(one)
    )
    return str(response["ts"])


def _find_posted(client: WebClient, channel: str, one: Claimed) -> str | None:
    """The post of a check-in whose claim was abandoned mid-post, if it reached Slack."""
    if not one.taken_over:
        return None  # a first claim: nobody has posted it
    cursor = None
    for _ in range(HISTORY_PAGES):  # newest first: an abandoned post is recent
        page = client.conversations_history(
            channel=channel, include_all_metadata=True, limit=200, cursor=cursor
        )
        for message in page.get("messages") or []:
            meta = message.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if (
                meta.get("event_type") == Metadata.CHECKIN
                and payload.get("checkin_id") == one.checkin.id
            ):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None
