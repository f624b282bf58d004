"""The fake Slack of many workspaces (Acme and Beta, the app installed in neither yet) and
Stand running with OAuth installs against it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from slack_app.store.database import Database
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock
from tests.support.many_workspaces import ACME, BETA, oauth_settings, people, running
from tests.support.running_app import RunningApp


@pytest.fixture
def cloud(clock: Clock) -> Iterator[SlackCloud]:
    with SlackCloud(clock) as slack:
        people(slack.add_workspace(ACME, name="Acme", tag="0ACM"))
        people(slack.add_workspace(BETA, name="Beta", tag="0BET"))
        yield slack
        problems = [p for fake in slack._fakes() for p in fake.violations] + slack.violations
        assert problems == [], "the app broke Slack's protocol:\n" + "\n".join(problems)


@pytest.fixture
def app(cloud: SlackCloud, db: Database, database_url: str, clock: Clock) -> Iterator[RunningApp]:
    with running(oauth_settings(cloud, database_url), db, cloud, clock) as served:
        yield served
