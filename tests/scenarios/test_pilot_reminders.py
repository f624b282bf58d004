"""F4 on the clock: one polite reminder after three working days, sent once by whichever
instance ticks first; and an approved pilot starting on its start date."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from slack_app.scheduler.jobs import run_due_work
from slack_app.services import pilots as pilot_service
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.models import PilotRow
from slack_app.store.pilots import approved_pilots
from tests.conftest import ALICE, BOB, BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.follower_flows import declare
from tests.support.pilot_flows import (
    audit,
    decide,
    decisions,
    open_by_button,
    pilots,
    press,
    proposal_values,
    propose,
    proposer_dm,
    request_dm,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons

# Asked Wed 25 Nov 10:00 UTC (05:00 in New York, Bob's zone): three working days later is
# Mon 30 Nov, and Bob's working day starts at 09:00 there, 14:00 UTC.
DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def proposed(slack: SlackSender, fake_slack: FakeSlack) -> None:
    declare(slack, fake_slack, user=ALICE)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}


def tick(db: Database, fake: FakeSlack, at: datetime) -> dict[str, int | None]:
    client = web_client(BOT_TOKEN, fake.url)
    return {result.name: result.done for result in run_due_work(db, at, client)}


def reminders(fake: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake.dm_messages(BOB) if "gentle reminder" in m["text"]]


def test_one_reminder_in_the_requests_thread_once_three_working_days_have_passed(
    db: Database, fake_slack: FakeSlack
) -> None:
    assert tick(db, fake_slack, DUE - SECOND)["decision reminders"] == 0
    assert reminders(fake_slack) == []

    assert tick(db, fake_slack, DUE)["decision reminders"] == 1
    assert tick(db, fake_slack, DUE + timedelta(days=2))["decision reminders"] == 0

    [reminder] = reminders(fake_slack)
    request = request_dm(fake_slack, BOB)
    assert reminder["thread_ts"] == request["ts"]
    assert reminder["subtype"] == "thread_broadcast"
    assert (
        "<@U0ALICE001> is still waiting for your decision, asked on Wed 25 Nov 2026"
        in (reminder["text"])
    )
    assert decisions(db)[0].reminded_at == DUE


def test_no_reminder_when_decided_in_time(
    slack: SlackSender, db: Database, fake_slack: FakeSlack
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id="decide_approve")

    assert tick(db, fake_slack, DUE + timedelta(days=5))["decision reminders"] == 0
    assert reminders(fake_slack) == []


def test_several_instances_ticking_together_send_it_once(
    db: Database, fake_slack: FakeSlack
) -> None:
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: tick(db, fake_slack, DUE), range(4)))

    assert sorted(c["decision reminders"] or 0 for c in counts) == [0, 0, 0, 1]
    assert len(reminders(fake_slack)) == 1


def test_a_reminder_slack_refused_is_tried_again_on_the_next_tick(
    db: Database, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("chat.postMessage", "fatal_error")

    assert tick(db, fake_slack, DUE)["decision reminders"] == 0
    assert decisions(db)[0].reminded_at is None
    assert tick(db, fake_slack, DUE + timedelta(minutes=1))["decision reminders"] == 1
    assert len(reminders(fake_slack)) == 1


def test_a_request_overtaken_by_an_edit_is_not_reminded_its_successor_is(
    slack: SlackSender, db: Database, fake_slack: FakeSlack, clock: Clock
) -> None:
    clock.advance(timedelta(days=1))  # edited on Thursday: its reminder is due on Tuesday
    alice = fake_slack.workspace.dm_ids[ALICE]
    edit = open_by_button(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), user=ALICE, channel=alice
    )
    assert submit(slack, edit, proposal_values(edit, scope="Fewer.", sponsor=BOB), user=ALICE) == {}

    assert tick(db, fake_slack, DUE)["decision reminders"] == 0
    assert tick(db, fake_slack, DUE + timedelta(days=1))["decision reminders"] == 1
    [reminder] = reminders(fake_slack)
    assert reminder["thread_ts"] == decisions(db)[1].dm_ts


def test_an_approved_pilot_starts_on_its_start_date_in_the_proposers_zone(
    slack: SlackSender, db: Database, fake_slack: FakeSlack
) -> None:
    """The start is 1 Dec; Alice is in Berlin, where 1 Dec begins at 23:00 UTC on 30 Nov."""
    decide(slack, fake_slack, sponsor=BOB, action_id="decide_approve")
    midnight_berlin = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)

    assert tick(db, fake_slack, midnight_berlin - SECOND)["pilots started"] == 0
    assert the_pilot(db).state == "approved"
    assert tick(db, fake_slack, midnight_berlin)["pilots started"] == 1
    assert tick(db, fake_slack, midnight_berlin + SECOND)["pilots started"] == 0

    assert the_pilot(db).state == "running"
    assert audit(db)[-1] == ("app", "start", "approved", "running", None)
    assert "it is running now" in fake_slack.dm_messages(ALICE)[-1]["text"]
    assert "*Running* until" in str(proposer_dm(fake_slack, ALICE)["blocks"])


def test_slack_app_tick_at_an_instant_sends_the_reminder(
    db: Database, fake_slack: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake_slack.url,
        "PATH": "/usr/bin:/bin",
    }
    early = _tick_cli("2026-11-30T08:59:59-05:00", env, tmp_path)
    on_time = _tick_cli("2026-11-30T09:00:00-05:00", env, tmp_path)

    assert "decision reminders: 0" in early.stdout, early.stderr
    assert "decision reminders: 1" in on_time.stdout, on_time.stderr
    assert len(reminders(fake_slack)) == 1


def _tick_cli(at: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "slack_app", "tick", "--at", at],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_reminder_whose_pilot_is_gone_never_keeps_the_others_from_going(
    slack: SlackSender, db: Database, fake_slack: FakeSlack
) -> None:
    declare(slack, fake_slack, user=ALICE, going="It's going to go to a second team.")
    second = open_by_button(
        slack,
        fake_slack,
        [m for m in fake_slack.dm_messages(ALICE) if "open_pilot_proposal" in buttons(m)][-1],
        user=ALICE,
        channel=fake_slack.workspace.dm_ids[ALICE],
    )
    assert submit(slack, second, proposal_values(second, sponsor=BOB), user=ALICE) == {}
    first = pilots(db)[0]
    with db.transaction() as session:
        session.execute(delete(PilotRow).where(PilotRow.id == first.id))

    assert tick(db, fake_slack, DUE)["decision reminders"] == 1
    [reminder] = reminders(fake_slack)
    assert reminder["thread_ts"] == decisions(db)[1].dm_ts
    assert tick(db, fake_slack, DUE + timedelta(hours=1))["decision reminders"] == 0


def test_a_reminder_that_cannot_reach_slack_is_released_for_the_next_tick(
    db: Database, fake_slack: FakeSlack
) -> None:
    unreachable = web_client(BOT_TOKEN, "http://127.0.0.1:9/api/")
    [result] = [r for r in run_due_work(db, DUE, unreachable) if r.name == "decision reminders"]

    assert result.done == 0
    assert decisions(db)[0].reminded_at is None
    assert tick(db, fake_slack, DUE + timedelta(minutes=1))["decision reminders"] == 1


def test_a_pilot_started_by_hand_while_the_tick_read_it_is_skipped_not_fatal(
    slack: SlackSender, db: Database, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the tick read as approved was started meanwhile: the start is not made twice
    and the rest of the due work still runs."""
    decide(slack, fake_slack, sponsor=BOB, action_id="decide_approve")
    with db.transaction() as session:
        read_earlier = approved_pilots(session)
    alice = fake_slack.workspace.dm_ids[ALICE]
    press(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), "start_pilot", user=ALICE, channel=alice
    )
    monkeypatch.setattr(pilot_service, "approved_pilots", lambda session: read_earlier)

    results = tick(db, fake_slack, datetime(2026, 12, 2, 9, 0, tzinfo=UTC))

    assert results["pilots started"] == 0
    assert [entry[1] for entry in audit(db)].count("start") == 1
