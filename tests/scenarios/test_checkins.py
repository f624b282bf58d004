"""F6: milestone check-ins posted on schedule, once, never lost, as the tick runs them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta
from time import monotonic

from sqlalchemy import update

from slack_app.flows.checkins.posting import ChannelPacer
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.models import CheckinRow
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.checkin_flows import (
    FIRST,
    LEADS_ZONE,
    MINUTE,
    after_first,
    checkin_posts,
    rows,
    tick,
)
from tests.support.clock import in_words, local_date
from tests.support.many_pilots import DUE, posts_per_checkin, running_pilots
from tests.support.structure_flows import MILESTONE_DUE, Running
from tests.support.team_flows import buttons


def test_the_first_checkin_is_posted_at_nine_on_monday_in_the_leads_zone(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    assert tick(db, fake_slack, FIRST - MINUTE) == 0
    assert tick(db, fake_slack, FIRST) == 1
    assert tick(db, fake_slack, FIRST + MINUTE) == 0

    [post] = checkin_posts(fake_slack, started.channel)
    blocks = str(post["blocks"])
    left = (MILESTONE_DUE - local_date(FIRST, LEADS_ZONE)).days  # counted in the lead's zone
    assert f"*Answer within an hour* · due {in_words(MILESTONE_DUE)} · {left} days left" in blocks
    assert "A chat widget on the help page · <@U0ERIN0001>" in blocks
    assert list(buttons(post)) == [
        "checkin_status:on_track",
        "checkin_status:at_risk",
        "checkin_status:blocked",
        "checkin_status:done",
    ]
    [done] = [b["accessory"] for b in post["blocks"] if b.get("accessory")]
    assert (done["action_id"], done["text"]["text"]) == ("checkin_deliverable_done", "Done")
    first, following = rows(db)
    assert (first.state, first.ts, first.due_at) == ("posted", post["ts"], FIRST)
    assert post["metadata"]["event_payload"]["checkin_id"] == first.id
    assert (following.state, following.due_at) == ("due", after_first(7))


def test_weekly_across_a_month_posts_once_a_week(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    posted = [tick(db, fake_slack, after_first(day, time(9, 5))) for day in range(28)]

    assert sum(p or 0 for p in posted) == 4
    assert [r.due_at for r in rows(db) if r.state == "posted"] == [
        after_first(7 * week) for week in range(4)
    ]


def test_a_checkin_missed_while_nothing_ran_is_posted_once_when_the_tick_comes_back(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    assert tick(db, fake_slack, FIRST + timedelta(hours=7)) == 1
    assert tick(db, fake_slack, FIRST + timedelta(hours=8)) == 0
    assert len(checkin_posts(fake_slack, started.channel)) == 1


def test_a_checkin_staler_than_twelve_hours_is_skipped_and_the_next_one_planned(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    assert tick(db, fake_slack, FIRST + timedelta(hours=13)) == 0

    assert checkin_posts(fake_slack, started.channel) == []
    assert [(r.state, r.due_at) for r in rows(db)] == [
        ("skipped", FIRST),
        ("due", after_first(7)),
    ]


def test_instances_ticking_together_post_each_checkin_once(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: tick(db, fake_slack, FIRST), range(4)))

    assert sorted(c or 0 for c in counts) == [0, 0, 0, 1]
    assert len(checkin_posts(fake_slack, started.channel)) == 1


def test_a_post_left_unrecorded_by_a_crash_is_found_not_posted_again(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    """A process claimed the check-in, posted it, and died before recording the ts."""
    tick(db, fake_slack, FIRST - MINUTE)  # plans it
    [row] = [r for r in rows(db) if r.due_at == FIRST]
    client = web_client(BOT_TOKEN, fake_slack.url)
    posted = client.chat_postMessage(
        channel=started.channel,
        text="Milestone check-in",
        metadata={
            "event_type": "milestone_checkin",
            "event_payload": {"checkin_id": row.id, "pilot_id": row.pilot_id},
        },
    )
    with db.across_workspaces() as session:
        session.execute(
            update(CheckinRow)
            .where(CheckinRow.id == row.id)
            .values(state="posting", claimed_at=FIRST, attempts=1)  # the dead one's claim
        )

    assert tick(db, fake_slack, FIRST + timedelta(minutes=2)) == 0  # the claim is still fresh
    assert tick(db, fake_slack, FIRST + timedelta(minutes=6)) == 1  # taken over, found

    assert len(checkin_posts(fake_slack, started.channel)) == 1
    [row] = [r for r in rows(db) if r.due_at == FIRST]
    assert (row.state, row.ts) == ("posted", posted["ts"])


def test_slack_asking_to_slow_down_still_gets_the_checkin_posted_once(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=1)

    assert tick(db, fake_slack, FIRST) == 1

    assert len(checkin_posts(fake_slack, started.channel)) == 1
    assert [c.response.get("error") for c in fake_slack.calls_to("chat.postMessage")][-2:] == [
        "ratelimited",
        None,
    ]


def test_slack_limiting_for_a_while_delays_but_loses_and_doubles_nothing(
    db: Database, fake_slack: FakeSlack
) -> None:
    """Ten pilots due together; Slack answers `ratelimited` four times running (more than
    the retry handler's three retries, each after Retry-After): the one refused is due
    again at once, and goes in the tick's next round."""
    channels = running_pilots(db, fake_slack, 10)
    for _ in range(4):
        fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=1)

    first = tick(db, fake_slack, DUE)
    second = tick(db, fake_slack, DUE + MINUTE)

    assert (first, second) == (10, 0)
    refused = [c for c in fake_slack.calls_to("chat.postMessage") if c.status == 429]
    assert len(refused) == 4
    counts = posts_per_checkin(fake_slack)
    assert len(counts) == 10
    assert set(counts.values()) == {1}
    for channel in channels:
        assert len(checkin_posts(fake_slack, channel)) == 1


def test_the_pacer_spaces_posts_in_one_channel_and_not_across_channels() -> None:
    pacer = ChannelPacer(spacing=0.2)
    started = monotonic()
    pacer.wait("C1")
    pacer.wait("C2")
    assert monotonic() - started < 0.1
    pacer.wait("C1")
    assert monotonic() - started >= 0.2
