"""Slack slow or unreachable: the token is asked at start-up and again in the background,
never on a request's path; a request is acked at once and its trouble reported once."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest

from slack_app.config import Settings
from slack_app.identity import NOT_CONNECTED, NOT_SERVING, BotIdentity, Identity
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from tests.conftest import ALICE, GENERAL, SIGNING_SECRET, app_settings
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.hostile import called, no_traceback, stored_anything
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender
from tests.support.stand_forms import stand_values
from tests.support.team_flows import reaction
from tests.support.waiting import eventually


def dead_url() -> str:
    """A Slack nobody answers at: a port just freed, with no listener."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


def sender(app: RunningApp, fake: FakeSlack, clock: Clock) -> SlackSender:
    s = SlackSender(
        app.url, SIGNING_SECRET, team_id=fake.team_id, app_id=fake.app_id, now=clock.now
    )
    s.wait_idle = app.wait_idle
    s.hooks_url = fake.hooks_url
    return s


@pytest.fixture
def waiting_identity(settings: Settings, fake_slack: FakeSlack) -> Iterator[Identity]:
    """Started while Slack failed auth.test (asked again only in an hour)."""
    fake_slack.fail_next("auth.test", "internal_error", status=500)
    identity = Identity(web_client(settings.bot_token, settings.slack_api_url), retry_first=3600)
    assert identity.connect().known is None
    yield identity
    identity.stop()


@pytest.fixture
def unconfirmed(
    settings: Settings,
    db: Database,
    clock: Clock,
    fake_slack: FakeSlack,
    waiting_identity: Identity,
) -> Iterator[SlackSender]:
    """The app started before Slack confirmed its token."""
    with RunningApp(settings, db, clock.now, identity=waiting_identity) as app:
        fake_slack.reset_calls()
        s = sender(app, fake_slack, clock)
        yield s
        s.close()


def test_a_command_before_slack_confirms_the_token_is_answered_at_once(
    unconfirmed: SlackSender, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    started = time.monotonic()
    response = unconfirmed.command("", user=ALICE)

    assert time.monotonic() - started < 1.0
    assert response.status_code == 200
    assert "still connecting to Slack" in response.json()["text"]
    assert called(fake_slack) == []  # not asked on the request's path
    assert stored_anything(db) == []
    no_traceback(caplog)


def test_a_submission_before_slack_confirms_the_token_keeps_the_modal_open(
    unconfirmed: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    values = stand_values()
    blocks = [{"type": "input", "block_id": block} for block in values]
    view = {"type": "modal", "callback_id": "declare_stand", "blocks": blocks}

    response = unconfirmed.view_submission(view, values, user=ALICE)

    assert response.status_code == 200
    assert response.json() == {  # on its first input; what was typed stays
        "response_action": "errors",
        "errors": {blocks[0]["block_id"]: NOT_CONNECTED},
    }
    assert called(fake_slack) == []
    assert stored_anything(db) == []


def test_once_slack_refuses_the_token_later_people_are_told_so(
    unconfirmed: SlackSender, fake_slack: FakeSlack, waiting_identity: Identity
) -> None:
    waiting_identity.refused = True  # what the background ask sets when Slack refuses it

    response = unconfirmed.command("", user=ALICE)

    assert response.json()["text"] == NOT_SERVING
    assert called(fake_slack) == []


def test_an_event_before_slack_confirms_the_token_is_left_for_slack_to_retry(
    unconfirmed: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    event = reaction("reaction_added", user=ALICE, channel=GENERAL, ts="1.000100")

    assert unconfirmed.event(event).status_code == 503  # Slack delivers it again later
    assert called(fake_slack) == []
    assert stored_anything(db) == []


def test_the_token_is_asked_again_in_the_background_until_slack_answers(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("auth.test", "internal_error", status=500)
    fake_slack.fail_next("auth.test", "ratelimited", retry_after=1)
    client = web_client(settings.bot_token, settings.slack_api_url)
    identity = Identity(client, retry_first=0.01).connect()
    try:
        known = eventually(lambda: identity.known)
    finally:
        identity.stop()
    assert known == BotIdentity(
        team_id=fake_slack.team_id,
        enterprise_id=None,
        bot_user_id=fake_slack.bot_user_id,
        bot_id=fake_slack.bot_id,
    )
    assert len(fake_slack.calls_to("auth.test")) == 3


def test_a_token_refused_on_a_later_ask_stops_the_asking_and_is_said(
    settings: Settings, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail_next("auth.test", "internal_error", status=500)
    fake_slack.fail_next("auth.test", "invalid_auth")
    identity = Identity(web_client(settings.bot_token, settings.slack_api_url), retry_first=0.01)
    try:
        identity.connect()
        assert eventually(lambda: identity.refused)
    finally:
        identity.stop()
    assert identity.known is None
    assert "Slack refuses SLACK_BOT_TOKEN (invalid_auth)" in caplog.text


@pytest.fixture
def unreachable(
    fake_slack: FakeSlack, database_url: str, db: Database, clock: Clock
) -> Iterator[SlackSender]:
    """The app, knowing who it is, after Slack became unreachable."""
    settings = app_settings(dead_url(), database_url)
    known = BotIdentity(fake_slack.team_id, None, fake_slack.bot_user_id, fake_slack.bot_id)
    identity = Identity(web_client(settings.bot_token, settings.slack_api_url), known=known)
    with RunningApp(settings, db, clock.now, identity=identity) as app:
        s = sender(app, fake_slack, clock)
        yield s
        s.close()


def test_slack_unreachable_the_command_is_acked_and_its_trouble_logged_once(
    unreachable: SlackSender, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="slack_app"):
        started = time.monotonic()
        response = unreachable.command("", user=ALICE)  # the modal cannot open
        acked_in = time.monotonic() - started
        unreachable.wait_idle(timeout=30)

    assert response.status_code == 200
    assert acked_in < 1.0
    no_traceback(caplog)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert said == ["Slack unreachable while handling /stand: URLError"]


def test_slack_unreachable_help_is_still_answered(unreachable: SlackSender) -> None:
    response = unreachable.command("help", user=ALICE)

    assert response.status_code == 200
    assert "/stand list" in str(response.json())
