"""Fixtures for the fake's own tests: a seeded workspace and slack-sdk's real client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack
from tests.fakeslack.helpers import (
    ALICE,
    BOB,
    GENERAL,
    GONE,
    OLD,
    RANDOM,
    ROBOT,
    SECRET,
    TOKEN,
)
from tests.support.clock import Clock


@pytest.fixture
def fake(clock: Clock) -> Iterator[FakeSlack]:
    with FakeSlack(bot_token=TOKEN, clock=clock) as f:
        f.add_user(ALICE, name="alice", real_name="Alice Adams", tz="Europe/Berlin")
        f.add_user(BOB, name="bob", real_name="Bob Brown")
        f.add_user(GONE, name="gone", deleted=True)
        f.add_user(ROBOT, name="robot", is_bot=True)
        f.add_channel(GENERAL, name="general", members={ALICE})
        f.add_channel(RANDOM, name="random", members={ALICE, BOB}, bot_is_member=False)
        f.add_channel(SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=False)
        f.add_channel(OLD, name="old", is_archived=True, members={ALICE})
        yield f


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.url)
