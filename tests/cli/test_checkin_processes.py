"""F6 with real processes: two `slack-app tick`s at once, and one killed mid-post, against
one database: 300 check-ins fall due together, and each is posted exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import CheckinRow
from tests.cli.test_cli import clean_env
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.many_pilots import DUE, posts_per_checkin, running_pilots
from tests.support.waiting import eventually

PILOTS = 300


def tick(clock: Clock, *, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """`slack-app tick --at` the test clock's time (the fake Slack's too)."""
    return subprocess.Popen(
        [sys.executable, "-m", "slack_app", "tick", "--at", clock.now().isoformat()],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def environment(fake: FakeSlack, database_url: str) -> dict[str, str]:
    return clean_env(
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=fake.url,
        LOG_LEVEL="WARNING",
    )


def test_two_processes_ticking_together_post_each_of_300_checkins_once(
    db: Database, fake_slack: FakeSlack, clock: Clock, database_url: str, tmp_path: Path
) -> None:
    running_pilots(db, fake_slack, PILOTS)
    env = environment(fake_slack, database_url)
    clock.current = DUE

    both = [tick(clock, env=env, cwd=tmp_path) for _ in range(2)]
    outcomes = [process.communicate(timeout=300) for process in both]

    assert [p.returncode for p in both] == [0, 0], outcomes
    counts = posts_per_checkin(fake_slack)
    assert len(counts) == PILOTS
    assert set(counts.values()) == {1}
    posted = [int(out.split("check-ins posted: ")[1].split()[0]) for out, _ in outcomes]
    assert sum(posted) == PILOTS  # shared between the two, however it fell


def test_a_process_killed_mid_post_loses_and_duplicates_nothing(
    db: Database, fake_slack: FakeSlack, clock: Clock, database_url: str, tmp_path: Path
) -> None:
    running_pilots(db, fake_slack, PILOTS)
    env = environment(fake_slack, database_url)
    # Each post is stored at once and answered late: the kill lands while a post is in
    # Slack but not yet recorded, the window the metadata and the history lookup cover.
    fake_slack.latency_after = 0.02

    clock.current = DUE
    first = tick(clock, env=env, cwd=tmp_path)
    eventually(lambda: len(posts_per_checkin(fake_slack)) >= 60, timeout=120)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    killed_after = len(posts_per_checkin(fake_slack))
    assert 0 < killed_after < PILOTS, "the kill came mid-post"

    fake_slack.latency_after = 0.0
    posted_unrecorded = _unrecorded(db)
    clock.advance(timedelta(minutes=6))  # past the dead process's claim lease
    again = tick(clock, env=env, cwd=tmp_path)
    _, err = again.communicate(timeout=300)

    assert again.returncode == 0, err
    counts = posts_per_checkin(fake_slack)
    assert len(counts) == PILOTS, "none lost"
    assert set(counts.values()) == {1}, "none duplicated"
    assert posted_unrecorded, "the kill left claimed check-ins behind, to be taken over"


def _unrecorded(db: Database) -> int:
    """Check-ins still claimed by the dead process (the one it was posting may be in Slack
    already: each post is stored before it is answered)."""
    with db.across_workspaces() as session:
        rows = session.scalars(select(CheckinRow).where(CheckinRow.state == "posting"))
        return len(list(rows))
