"""Posting due check-ins: once each, never lost, in order per pilot, within Slack's limits.

Each due check-in is a database row that this process claims before posting it. The post
carries the check-in's id in its message metadata, so that a process taking over a claim
abandoned mid-post (a crash between posting and recording) first finds the post in the
channel's history and records it, instead of posting again.

Check-ins go in batches: planning, claiming and loading what a batch's posts need take a
fixed number of statements however large it is, and so do skipping and renewing claims.
What each check-in costs the database is the UPDATE recording its post.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.ids import Metadata
from slack_app.domain.checkins import current_milestone
from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import is_stale, reminder_at, zone_of
from slack_app.flows.checkins.messages import pilot_checkin
from slack_app.services import Database
from slack_app.services.checkins import (
    Claimed,
    Posted,
    claim_checkins,
    claims_aging,
    mark_posted,
    mark_skipped,
    plan_checkins,
    release,
    renew_claims,
)
from slack_app.slack.client import poster_of
from slack_app.slack.clients import Clients, Shaped, clients_of
from slack_app.slack.errors import error_code, explain
from slack_app.slack.history import find_own_post
from slack_app.slack.posting import tell

log = logging.getLogger(__name__)
ROUNDS = 60  # plan-and-claim rounds a tick may take to catch up after a long outage
SPACING = 1.0  # seconds between two posts in one channel (Slack: about one a second)
# Posts in flight at once, each to its own pilot's channel. Slack takes 0.1 to 0.3 s to answer a
# post: one at a time, 2,000 check-ins due on a Monday at 09:00 would take several minutes.
POSTERS = 4
WINDOW = 4 * POSTERS  # check-ins handed to the pool between two looks at the claims' age
RECORD_WITHIN = 0.5  # seconds a post may wait to be recorded together with the next ones


class ChannelPacer:
    """At most one message a second per channel of a workspace, from this process (a
    channel id is a workspace's: a shared channel has it in two, each with its own pace)."""

    def __init__(self, spacing: float = SPACING) -> None:
        self._spacing = spacing
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str, team_id: str = "") -> None:
        key = (team_id, channel)
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(key, 0.0) + self._spacing
            self._last[key] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)


class Unrecorded:
    """Posts made and not yet recorded, recorded together: each within about
    ``RECORD_WITHIN`` of being made (or once the post after it returns, when Slack is slow),
    long before anyone could answer it. A process that dies first leaves their claims
    behind, and the process taking them over finds the posts in their channels."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._posts: list[Posted] = []
        self._since = 0.0

    def add(self, post: Posted) -> None:
        if not self._posts:
            self._since = time.monotonic()
        self._posts.append(post)

    def record_due(self) -> None:
        if self._posts and time.monotonic() - self._since >= RECORD_WITHIN:
            self.record()

    def record(self) -> None:
        mark_posted(self._db, self._posts)
        self._posts = []


@dataclass
class Dispatched:
    posted: int = 0
    skipped: int = 0
    failed: int = 0
    # Workspaces with no installation: their check-ins wait, passed over for this tick.
    not_installed: set[str] = field(default_factory=set)


class LogicalClock:
    """``now`` as the tick was asked for, moving on with the wall clock while it runs, so that
    claims taken (and renewed) late in a long tick carry a later time than early ones."""

    def __init__(self, start: datetime) -> None:
        self._start, self._t0 = start, time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


def dispatch_due_checkins(
    slack: WebClient | Clients,
    db: Database,
    now: datetime,
    *,
    pacer: ChannelPacer | None = None,
) -> Dispatched:
    """Plan, claim and post every check-in due by ``now`` (skipping the stale ones), each
    with its own workspace's token."""
    pacer = pacer or ChannelPacer()
    clock = LogicalClock(now)
    # A dropped connection is not retried for posts: the check-in is due again, and its next
    # attempt looks in the channel first, so a post Slack did store is not doubled.
    clients = Shaped(clients_of(slack), poster_of)
    result = Dispatched()
    for _ in range(ROUNDS):
        plan_checkins(db)
        claimed = claim_checkins(db, clock.now(), passing_over=result.not_installed)
        if not claimed:
            break
        progress = (result.posted, result.skipped, len(result.not_installed))
        _dispatch_batch(clients, db, claimed, clock, pacer=pacer, result=result)
        if (result.posted, result.skipped, len(result.not_installed)) == progress:
            break  # every one came back due (Slack failing): the next tick
    return result


def _dispatch_batch(
    clients: Shaped,
    db: Database,
    claimed: list[Claimed],
    clock: LogicalClock,
    *,
    pacer: ChannelPacer,
    result: Dispatched,
) -> None:
    """Skip, in one statement, the check-ins not to be posted; then post the others a window
    at a time, ``POSTERS`` in flight at once, their claims kept fresh between windows.

    Only the posting runs in the pool: this thread keeps every database write, and settles
    each window's posts in the order they were claimed.
    """
    now = clock.now()
    skipped = [one for one in claimed if _skippable(one, now)]
    mark_skipped(db, skipped)
    result.skipped += len(skipped)
    waiting = deque(one for one in claimed if not _skippable(one, now))
    unrecorded = Unrecorded(db)
    with ThreadPoolExecutor(POSTERS, thread_name_prefix="checkin-post") as pool:
        try:
            while waiting:
                unrecorded.record_due()
                if claims_aging(waiting, clock.now()):
                    waiting = _renewed(db, waiting, clock.now())
                    continue
                window = [waiting.popleft() for _ in range(min(WINDOW, len(waiting)))]
                sends = [
                    (one, _send(pool, clients, db, one, clock=clock, pacer=pacer, result=result))
                    for one in window
                ]
                for one, sent in sends:
                    if sent is not None:
                        _settle(clients, db, one, sent, clock, posted=unrecorded, result=result)
        finally:
            unrecorded.record()


def _renewed(db: Database, waiting: deque[Claimed], now: datetime) -> deque[Claimed]:
    """The claims renewed, without those another process took over meanwhile."""
    fresh = renew_claims(db, list(waiting), now)
    kept = {one.checkin.id for one in fresh}
    for one in waiting:
        if one.checkin.id not in kept:
            log.info("check-in %s was taken over by another process", one.checkin.id)
    return deque(fresh)


def _skippable(one: Claimed, now: datetime) -> bool:
    """Not to be posted: the pilot stopped running or paused its check-ins, it has no
    channel, or the check-in is too stale to be worth posting late."""
    running = one.pilot.state is PilotState.RUNNING and not one.paused
    return not running or one.channel_id is None or is_stale(one.checkin.due_at, now)


def _send(
    pool: ThreadPoolExecutor,
    clients: Shaped,
    db: Database,
    one: Claimed,
    *,
    clock: LogicalClock,
    pacer: ChannelPacer,
    result: Dispatched,
) -> Future[str] | None:
    """Hand the check-in's post to the pool; None when it turned stale while the batch went,
    or Stand has no installation in its workspace (due again: it may be installed anew)."""
    channel, client = one.channel_id, clients.of(one.workspace)
    if client is None:
        log.info("check-in %s waits: Stand is not installed in its workspace", one.checkin.id)
        release(db, one)
        result.failed += 1
        result.not_installed.add(one.workspace.team_id)
        return None
    if channel is None or _skippable(one, clock.now()):
        mark_skipped(db, [one])
        result.skipped += 1
        return None
    return pool.submit(
        lambda: (
            _find_posted(client, channel, one) or _post(client, channel, one, clock.now(), pacer)
        )
    )


def _settle(
    clients: Shaped,
    db: Database,
    one: Claimed,
    sent: Future[str],
    clock: LogicalClock,
    *,
    posted: Unrecorded,
    result: Dispatched,
) -> None:
    """What became of one post: to be recorded, given up (the lead told), or due again."""
    try:
        ts = sent.result()
    except SlackApiError as error:
        code = error_code(error)
        client = clients.of(one.workspace)
        if code in PERMANENT and client is not None:
            _give_up(client, db, one, code)
            result.skipped += 1
            return
        log.warning("check-in %s not posted (%s); due again", one.checkin.id, code)
        release(db, one)
        result.failed += 1
        return
    except Exception:  # a timeout, a bug: this one is due again, the rest go on
        log.exception("check-in %s failed; due again", one.checkin.id)
        release(db, one)
        result.failed += 1
        return
    milestone = current_milestone(one.structure)
    remind_at = reminder_at(one.checkin.due_at, one.schedule)
    milestone_id = None if milestone is None else milestone.id
    posted.add(Posted(one, one.channel_id or "", ts, milestone_id, remind_at, clock.now()))
    result.posted += 1


# Errors no retry will cure: the check-in is skipped and the lead hears why.
PERMANENT = frozenset({"not_in_channel", "is_archived", "channel_not_found", "restricted_action"})


def _give_up(client: WebClient, db: Database, one: Claimed, code: str) -> None:
    mark_skipped(db, [one])
    channel = one.channel_id or ""
    lead = one.pilot.proposer_id
    text = f":warning: I couldn't post the milestone check-in: {explain(code, channel=channel)}"
    tell(client, lead, text, what="tell the lead")


def _metadata(one: Claimed) -> dict[str, Any]:
    return {
        "event_type": Metadata.CHECKIN,
        "event_payload": {"checkin_id": one.checkin.id, "pilot_id": one.checkin.pilot_id},
    }


def _post(client: WebClient, channel: str, one: Claimed, now: datetime, pacer: ChannelPacer) -> str:
    today = now.astimezone(zone_of(one.schedule.zone)).date()
    text, blocks = pilot_checkin(one.pilot, one.structure, today)
    pacer.wait(channel, one.workspace.team_id)
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, metadata=_metadata(one)
    )
    return str(response["ts"])


def _find_posted(client: WebClient, channel: str, one: Claimed) -> str | None:
    """The post of a check-in whose claim was abandoned mid-post, if it reached Slack."""
    if not one.may_be_posted:
        return None  # a first claim: nobody has posted it
    return find_own_post(client, channel, Metadata.CHECKIN, "checkin_id", one.checkin.id)
