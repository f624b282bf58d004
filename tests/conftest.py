"""Fixtures shared by every tier: a database per test, the fake Slack, the running app."""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from slack_app.config import Settings
from slack_app.store.database import Database
from tests.fakeslack import FakeSlack
from tests.support import clock as clock_module
from tests.support.clock import EPOCH, Clock
from tests.support.databases import fresh_database_url
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender

BOT_TOKEN = "xoxb-1111-2222-testtokenvalue"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ALICE, BOB, CAROL, ROBOT = "U0ALICE001", "U0BOB00001", "U0CAROL001", "U0ROBOT001"
GENERAL, RANDOM, SECRET, ARCHIVE = "C0GENERAL1", "C0RANDOM01", "G0SECRET01", "C0ARCHIVE1"


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database_url(tmp_path) as url:
        yield url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


SHARD = "STAND_TEST_SHARD"  # "k/n": run only the k-th of n shares of the collected tests


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With STAND_TEST_SHARD=k/n, keep the tests whose id falls in share k: the same share
    on every worker and every run, so a test's place is fixed (its id, not the day)."""
    shard = os.environ.get(SHARD)
    if not shard:
        return
    k, n = (int(part) for part in shard.split("/"))
    keep = [item for item in items if zlib.crc32(item.nodeid.encode()) % n == k]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


def pytest_configure(config: pytest.Config) -> None:
    """Every xdist worker starts from the controller's epoch (they inherit its environment)."""
    os.environ.setdefault(clock_module.ENV, EPOCH.isoformat())


def pytest_report_header(config: pytest.Config) -> list[str]:
    process = datetime.fromtimestamp(clock_module.transport_time(), UTC)
    return [
        f"test clock: starts at {EPOCH.isoformat()} (replay: {clock_module.ENV}=<that>)",
        f"process clock: {process.isoformat()}",
    ]


@pytest.fixture(autouse=True)
def logging_as_it_was() -> Iterator[None]:
    """A test that runs the CLI in-process configures logging (a handler on a stream that
    pytest closes after the test, a filter that moves tracebacks into text): undo it, so
    later tests' log capture sees what they logged."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture(autouse=True)
def clock() -> Clock:
    """The test's clock, at the run's epoch: the app, the fake Slack and the requests read it.
    Every test gets a fresh one, so no helper can read a clock an earlier test moved."""
    return clock_module.start_test_clock()


@pytest.fixture
def fake_slack(clock: Clock) -> Iterator[FakeSlack]:
    with FakeSlack(bot_token=BOT_TOKEN, clock=clock) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams", tz="Europe/Berlin")
        fake.add_user(BOB, name="bob", real_name="Bob Brown", tz="America/New_York")
        fake.add_user(CAROL, name="carol", real_name="Carol Chen", deleted=True)
        fake.add_user(ROBOT, name="robot", real_name="Robot", is_bot=True)
        fake.add_channel(GENERAL, name="general", members={ALICE, BOB}, bot_is_member=True)
        fake.add_channel(RANDOM, name="random", members={ALICE, BOB}, bot_is_member=False)
        fake.add_channel(
            SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=False
        )
        fake.add_channel(ARCHIVE, name="old", is_archived=True, members={ALICE}, bot_is_member=True)
        yield fake
        assert fake.violations == [], "the app broke Slack's protocol:\n" + "\n".join(
            fake.violations
        )


def app_settings(slack_api_url: str, database_url: str) -> Settings:
    """Stand's settings for a test or a benchmark: the test token and signing secret, Slack
    at ``slack_api_url``, no .env file read."""
    return Settings(
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=slack_api_url,
        database_url=database_url,
        _env_file=None,  # type: ignore[call-arg]
    )


def sender_for(
    app: RunningApp, fake: FakeSlack, clock: Clock, *, forget_calls: bool = True
) -> SlackSender:
    """Signed Slack requests to ``app``, from ``fake``'s workspace, on ``clock``; waiting
    for the app to be idle (and for its outbox) as the app's own. ``forget_calls``: the
    fake's record starts afresh (the app's start, auth.test, is not any request's doing)."""
    sender = SlackSender(
        app.url,
        SIGNING_SECRET,
        team_id=fake.team_id,
        app_id=fake.app_id,
        now=clock.now,
        slack_ts=clock.slack_ts,
    )
    sender.wait_idle = app.wait_idle
    sender.deliver_due = app.deliver_due
    sender.hooks_url = fake.hooks_url
    if forget_calls:
        fake.reset_calls()
    return sender


@pytest.fixture
def settings(fake_slack: FakeSlack, database_url: str) -> Settings:
    return app_settings(fake_slack.url, database_url)


@pytest.fixture
def slack(
    request: pytest.FixtureRequest,
    settings: Settings,
    db: Database,
    clock: Clock,
    fake_slack: FakeSlack,
) -> Iterator[SlackSender]:
    """A sender of signed Slack requests to the running app. Its outbox paces posts in one
    channel a second apart (of the test clock) only in tests marked ``paced``: elsewhere
    the clock stands still, and every post after the first would wait for it to move."""
    paced = request.node.get_closest_marker("paced") is not None
    with RunningApp(settings, db, clock.now, paced=paced) as app:
        sender = sender_for(app, fake_slack, clock)
        yield sender
        sender.close()
