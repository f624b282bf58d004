"""F4 on the clock: one polite reminder after three working days, sent once by whichever
instance ticks first; and an approved pilot starting on its start date."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete

from slack_app.domain.workspace import Workspace
from slack_app.scheduler.jobs import run_due_work
from slack_app.services import pilots as pilot_service
from slack_app.slack.client import web_client
from slack_app.store.claims.pilots import approved_pilots
from slack_app.store.database import Database
from slack_app.store.models import PilotRow
from tests.conftest import ALICE, BOB, BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.clock import EPOCH, Clock, at_local, in_words, local_date, working_days_after
from tests.support.follower_flows import declare
from tests.support.pilot_flows import (
    START,
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

BOBS_ZONE = "America/New_York"


def reminder_due(asked: datetime) -> datetime:
    """A calendar rule: the start of Bob's working day (09:00 in New York), three working
    days after the day he was asked there."""
    return at_local(working_days_after(local_date(asked, BOBS_ZONE), 3), time(9), BOBS_ZONE)


# Bob is asked at the epoch (the clock stands still): his reminder is due then.
DUE = reminder_due(EPOCH)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def proposed(slack: SlackSender, fake_slack: FakeSlack) -> None:
    declare(slack, fake_slack, user=ALICE)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}


def tick(db: Database, fake: FakeSlack, at: datetime) -> dict[str, int | None]:
    """Run due work as `slack-app tick --at` would, with the test's clock (and so Slack's)
    moved to ``at``."""
    fake.clock.current = at
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
        f"<@U0ALICE001> is still waiting for your decision, asked on {in_words(EPOCH.date())}"
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
    # Edited around noon on Bob's next working day: its reminder is due a working day later.
    clock.current = at_local(
        working_days_after(local_date(EPOCH, BOBS_ZONE), 1), time(12), BOBS_ZONE
    )
    successor_due = reminder_due(clock.now())
    assert successor_due > DUE
    alice = fake_slack.workspace.dm_ids[ALICE]
    edit = open_by_button(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), user=ALICE, channel=alice
    )
    assert submit(slack, edit, proposal_values(edit, scope="Fewer.", sponsor=BOB), user=ALICE) == {}

    assert tick(db, fake_slack, DUE)["decision reminders"] == 0
    assert tick(db, fake_slack, successor_due)["decision reminders"] == 1
    [reminder] = reminders(fake_slack)
    assert reminder["thread_ts"] == decisions(db)[1].dm_ts


def test_an_approved_pilot_starts_on_its_start_date_in_the_proposers_zone(
    slack: SlackSender, db: Database, fake_slack: FakeSlack
) -> None:
    """Alice is in Berlin, where the start date begins at 23:00 or 22:00 UTC the day before."""
    decide(slack, fake_slack, sponsor=BOB, action_id="decide_approve")
    midnight_berlin = at_local(START, time(0), "Europe/Berlin")

    assert tick(db, fake_slack, midnight_berlin - SECOND)["pilots started"] == 0
    assert the_pilot(db).state == "approved"
    assert tick(db, fake_slack, midnight_berlin)["pilots started"] == 1
    assert tick(db, fake_slack, midnight_berlin + SECOND)["pilots started"] == 0

    assert the_pilot(db).state == "running"
    assert audit(db)[-1] == ("app", "start", "approved", "running", None)
    assert "it is running now" in fake_slack.told(ALICE)[-1]["text"]
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
    early = _tick_cli(fake_slack, DUE - SECOND, env, tmp_path)
    on_time = _tick_cli(fake_slack, DUE, env, tmp_path)

    assert "decision reminders: 0" in early.stdout, early.stderr
    assert "decision reminders: 1" in on_time.stdout, on_time.stderr
    assert len(reminders(fake_slack)) == 1


def _tick_cli(
    fake: FakeSlack, at: datetime, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`slack-app tick --at`, the instant written in Bob's zone, with the test's clock (and so
    Slack's) moved to it."""
    fake.clock.current = at
    return subprocess.run(  # noqa: PLW1510
        [
            sys.executable,
            "-m",
            "slack_app",
            "tick",
            "--at",
            at.astimezone(ZoneInfo(BOBS_ZONE)).isoformat(),
        ],
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
    with db.unit_of_work(Workspace(fake_slack.team_id)) as uow:
        uow.session.execute(delete(PilotRow).where(PilotRow.id == first.id))

    assert tick(db, fake_slack, DUE)["decision reminders"] == 1
    [reminder] = reminders(fake_slack)
    assert reminder["thread_ts"] == decisions(db)[1].dm_ts
    assert tick(db, fake_slack, DUE + timedelta(hours=1))["decision reminders"] == 0


def test_a_reminder_that_cannot_reach_slack_is_released_for_the_next_tick(
    db: Database, fake_slack: FakeSlack
) -> None:
    unreachable = web_client(BOT_TOKEN, "http://127.0.0.1:9/api/")
    fake_slack.clock.current = DUE
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
    with db.across_workspaces() as session:  # as the tick reads them
        read_earlier = approved_pilots(session)
    alice = fake_slack.workspace.dm_ids[ALICE]
    press(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), "start_pilot", user=ALICE, channel=alice
    )
    monkeypatch.setattr(pilot_service, "approved_pilots", lambda session: read_earlier)

    results = tick(db, fake_slack, at_local(START + timedelta(days=1), time(9), "UTC"))

    assert results["pilots started"] == 0
    assert [entry[1] for entry in audit(db)].count("start") == 1
