"""F6 schedules: the lead's zone by default, changed with /stand schedule, kept at the same
local time through daylight saving, paused and resumed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from slack_app.flows.checkins.posting import ROUNDS
from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.checkin_flows import FIRST, after_first, rows, tick
from tests.support.clock import Clock, at_local
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, choice, submit, text, ticked, values
from tests.support.team_flows import opened_view
from tests.support.team_steps import ERIN


def open_schedule(
    slack: SlackSender, fake: FakeSlack, running: Running, user: str = ALICE
) -> dict[str, Any]:
    before = len(fake.calls_to("views.open"))
    assert slack.command("schedule", user=user, channel=running.channel).status_code == 200
    slack.wait_idle()
    return opened_view(fake, before)


def schedule(
    cadence: str = "weekly",
    weekday: str = "0",
    at: str = "09:00",
    zone: str = "Europe/Berlin",
    paused: bool = False,
) -> dict[str, Any]:
    return values(
        cadence=choice(cadence),
        weekday=choice(weekday),
        at={"type": "timepicker", "selected_time": at},
        zone=text(zone),
        paused=ticked(paused),
    )


def posted_dues(db: Database) -> list[datetime]:
    return [r.due_at for r in rows(db) if r.state == "posted"]


# -- daylight saving: calendar tests ----------------------------------------------------------
def second_sunday_of_march(year: int) -> date:
    """When New York's clocks go forward (US rule since 2007)."""
    first = date(year, 3, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


def last_sunday_of_october(year: int) -> date:
    """When Berlin's clocks go back (EU rule)."""
    last = date(year, 10, 31)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def mondays_around_next(
    change: Callable[[int], date], zone: str, after: datetime
) -> tuple[date, date]:
    """The Mondays before and after the first clock change in ``zone`` whose Monday before
    is still ahead of ``after`` (when the schedule was set: it counts from then)."""
    year = after.year
    while at_local(change(year) - timedelta(days=6), time(9), zone) <= after:
        year += 1
    sunday = change(year)
    before = sunday - timedelta(days=6)
    # The check-ins missed since the schedule was set (under a year of them) are skipped by
    # the first tick, which takes a round for each: it must have enough.
    assert (before - after.date()).days // 7 + 1 < ROUNDS
    return before, sunday + timedelta(days=1)


def test_the_default_is_weekly_on_monday_at_nine_in_the_leads_zone(
    slack: SlackSender, fake_slack: FakeSlack, started: Running
) -> None:
    view = open_schedule(slack, fake_slack, started)
    assert "every week on Monday at 09:00 (Europe/Berlin)" in str(view["blocks"])


def test_new_york_in_march_keeps_nine_oclock_local(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock, started: Running
) -> None:
    """A calendar test: the Mondays around the next spring-forward in New York after the
    clock's time, and what 09:00 there is in UTC on each, pinned."""
    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(zone="America/New_York"), user=ALICE) == {}
    assert (
        "every week on Monday at 09:00 (America/New_York)"
        in fake_slack.messages(started.channel)[-1]["text"]
    )
    before, after = mondays_around_next(second_sunday_of_march, "America/New_York", clock.now())
    est = datetime.combine(before, time(14), UTC)  # 09:00 EST (UTC-5)
    edt = datetime.combine(after, time(13), UTC)  # 09:00 EDT (UTC-4)

    tick(db, fake_slack, est)
    tick(db, fake_slack, edt)

    assert posted_dues(db) == [est, edt]


def test_berlin_in_october_keeps_nine_oclock_local(
    db: Database, fake_slack: FakeSlack, clock: Clock, started: Running
) -> None:
    """A calendar test: the Mondays around the next fall-back in Berlin after the clock's
    time (when the pilot started, and its schedule with it), and 09:00 there in UTC, pinned."""
    before, after = mondays_around_next(last_sunday_of_october, "Europe/Berlin", clock.now())
    cest = datetime.combine(before, time(7), UTC)  # 09:00 CEST (UTC+2)
    cet = datetime.combine(after, time(8), UTC)  # 09:00 CET (UTC+1)

    tick(db, fake_slack, cest)
    tick(db, fake_slack, cet)

    assert posted_dues(db) == [cest, cet]


def test_a_paused_schedule_posts_nothing_until_it_is_resumed(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, started: Running
) -> None:
    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(paused=True), user=ALICE) == {}
    assert "paused the milestone check-ins" in fake_slack.messages(started.channel)[-1]["text"]

    assert tick(db, fake_slack, FIRST) == 0
    assert rows(db) == []

    # Resumed (on FIRST's morning, where the tick left the clock): due from then on.
    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(), user=ALICE) == {}
    assert tick(db, fake_slack, after_first(7)) == 1
    assert posted_dues(db) == [after_first(7)]


@pytest.mark.parametrize(
    ("state", "field", "words"),
    [
        (schedule(zone="Mars/Olympus"), "zone", "not a time zone I know"),
        (schedule(zone=""), "zone", "not a time zone I know"),
        (schedule(at=""), "at", "Pick a time."),
    ],
)
def test_a_bad_schedule_is_refused_inline_and_nothing_changes(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    state: dict[str, Any],
    field: str,
    words: str,
) -> None:
    view = open_schedule(slack, fake_slack, started)
    ack = submit(slack, view, state, user=ALICE)
    assert words in ack["errors"][field]
    assert tick(db, fake_slack, FIRST) == 1  # the old schedule still holds


def test_only_the_lead_and_editors_change_the_schedule(
    slack: SlackSender, fake_slack: FakeSlack, started: Running
) -> None:
    opened = len(fake_slack.calls_to("views.open"))
    assert slack.command("schedule", user=ERIN, channel=started.channel).status_code == 200
    slack.wait_idle()
    assert len(fake_slack.calls_to("views.open")) == opened
    assert "can change the check-ins" in fake_slack.told(ERIN)[-1]["text"]

    view = open_schedule(slack, fake_slack, started)
    refused = submit(slack, view, schedule(zone="Asia/Tokyo"), user=ERIN)
    assert "can change the check-ins" in refused["errors"]["cadence"]
