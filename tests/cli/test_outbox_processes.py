"""The outbox with real processes: `slack-app serve` killed with SIGKILL while it posts a
new stand's messages, then `slack-app tick` once the dead process's lease ran out. Each
message is in Slack once: the one the killed process made is found by its metadata, and
what it never made is made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.domain.outbox import LEASE, EffectKind, EffectState
from slack_app.services import outbox
from slack_app.store.database import Database
from slack_app.store.models import EffectRow
from tests.cli.test_cli import clean_env, free_port, healthy, serve
from tests.conftest import ALICE, BOB, BOT_TOKEN, GENERAL, SIGNING_SECRET
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.stands_stored import stored
from tests.support.waiting import eventually

SLOW = 3.0  # seconds Slack takes to answer a post it has already made: the kill lands here

Messages = Callable[[FakeSlack], list[dict[str, Any]]]
# Where each of the new stand's messages goes, as the fake Slack shows them.
MESSAGES: dict[str, Messages] = {
    "declaration": lambda fake: fake.messages(GENERAL),
    "question": lambda fake: fake.dm_messages(BOB),
    "author's DM": lambda fake: fake.dm_messages(ALICE),
}


@pytest.fixture
def server(
    database_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`slack-app serve` on the test's (migrated) database, against the fake Slack."""
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
        PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    process = serve(cwd=tmp_path, env=env, output=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        eventually(lambda: healthy(url), timeout=20)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def tick_at(at: datetime, database_url: str, fake: FakeSlack, cwd: Path) -> str:
    env = clean_env(
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=fake.url,
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "-m", "slack_app", "tick", "--at", at.isoformat()],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def last_claim(db: Database) -> datetime:
    """When the dead process last claimed an effect: its lease runs out LEASE later."""
    with db.across_workspaces() as session:
        claims = session.scalars(
            select(EffectRow.claimed_at).where(EffectRow.state == EffectState.DELIVERING)
        ).all()
    assert claims, "the process was killed with nothing being delivered"
    return max(c for c in claims if c is not None)


@pytest.mark.parametrize("killed_during", list(MESSAGES))
def test_serve_killed_mid_post_then_restarted_sends_each_message_once(
    killed_during: str,
    server: tuple[str, subprocess.Popen[str]],
    db: Database,
    database_url: str,
    fake_slack: FakeSlack,
    clock: Clock,
    tmp_path: Path,
) -> None:
    url, process = server
    slack = SlackSender(
        url, SIGNING_SECRET, team_id=fake_slack.team_id, app_id=fake_slack.app_id, now=clock.now
    )
    view = open_declare_modal(slack, fake_slack, user=ALICE)
    fake_slack.latency_after_of["chat.postMessage"] = SLOW
    values = stand_values(channel=GENERAL, first_follower=BOB)
    assert slack.view_submission(view, values, user=ALICE).status_code == 200
    slack.close()

    messages = MESSAGES[killed_during]
    eventually(lambda: messages(fake_slack), timeout=30)  # made in Slack; the app not yet told
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    fake_slack.latency_after_of.clear()
    tick_at(last_claim(db) + LEASE, database_url, fake_slack, tmp_path)

    assert [len(m(fake_slack)) for m in MESSAGES.values()] == [1, 1, 1]
    [stand] = stored(db)
    assert stand.declaration_ts == fake_slack.messages(GENERAL)[0]["ts"]
    assert "You took a stand" in fake_slack.dm_messages(ALICE)[0]["text"]
    assert fake_slack.home_view(ALICE) is not None  # her Home, drawn too
    reports = outbox.outbox_report(db)
    assert sum(r.waiting + r.retrying + r.delivering + r.given_up for r in reports) == 0
    done = {r.kind: r.done for r in reports}
    assert done[EffectKind.ANNOUNCE_STAND] == done[EffectKind.TELL_DECLARED] == 1
    assert not fake_slack.violations
