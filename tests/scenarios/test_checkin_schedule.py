"""F6 schedules: the lead's zone by default, changed with /stand schedule, kept at the same
local time through daylight saving, paused and resumed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.checkin_flows import FIRST, rows, tick
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


def test_the_default_is_weekly_on_monday_at_nine_in_the_leads_zone(
    slack: SlackSender, fake_slack: FakeSlack, started: Running
) -> None:
    view = open_schedule(slack, fake_slack, started)
    assert "every week on Monday at 09:00 (Europe/Berlin)" in str(view["blocks"])


def test_new_york_in_march_keeps_nine_oclock_local(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, started: Running
) -> None:
    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(zone="America/New_York"), user=ALICE) == {}
    assert (
        "every week on Monday at 09:00 (America/New_York)"
        in fake_slack.messages(started.channel)[-1]["text"]
    )

    tick(db, fake_slack, datetime(2027, 3, 8, 14, 0, tzinfo=UTC))  # 09:00 EST
    tick(db, fake_slack, datetime(2027, 3, 15, 13, 0, tzinfo=UTC))  # 09:00 EDT

    assert posted_dues(db) == [
        datetime(2027, 3, 8, 14, 0, tzinfo=UTC),
        datetime(2027, 3, 15, 13, 0, tzinfo=UTC),
    ]


def test_berlin_in_october_keeps_nine_oclock_local(
    db: Database, fake_slack: FakeSlack, started: Running
) -> None:
    tick(db, fake_slack, datetime(2027, 10, 25, 7, 0, tzinfo=UTC))  # 09:00 CEST
    tick(db, fake_slack, datetime(2027, 11, 1, 8, 0, tzinfo=UTC))  # 09:00 CET

    assert posted_dues(db) == [
        datetime(2027, 10, 25, 7, 0, tzinfo=UTC),
        datetime(2027, 11, 1, 8, 0, tzinfo=UTC),
    ]


def test_a_paused_schedule_posts_nothing_until_it_is_resumed(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, started: Running
) -> None:
    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(paused=True), user=ALICE) == {}
    assert "paused the milestone check-ins" in fake_slack.messages(started.channel)[-1]["text"]

    assert tick(db, fake_slack, FIRST) == 0
    assert rows(db) == []

    view = open_schedule(slack, fake_slack, started)
    assert submit(slack, view, schedule(), user=ALICE) == {}
    assert tick(db, fake_slack, FIRST) == 1


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
    assert "can change the check-ins" in fake_slack.dm_messages(ERIN)[-1]["text"]

    view = open_schedule(slack, fake_slack, started)
    refused = submit(slack, view, schedule(zone="Asia/Tokyo"), user=ERIN)
    assert "can change the check-ins" in refused["errors"]["cadence"]
