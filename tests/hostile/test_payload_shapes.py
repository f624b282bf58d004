"""A signed payload whose parts are not the shape Slack sends (an object where Slack sends a
string, a list where it sends an object, a part it always sends left out) is refused at the
door with a 400 and one line of the app's words: before Bolt or a listener reads it, with
nothing stored and nothing called. Every payload Slack publishes passes."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from slack_app.slack.payloads import malformed
from slack_app.store.database import Database
from tests.conftest import ALICE, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.hostile import called, stored_anything
from tests.support.signed import SlackSender

PUBLISHED = Path(__file__).parents[1] / "slack_spec" / "payloads"
FORGED = "\nCRITICAL slack_app: forged"


def _published() -> list[tuple[str, dict[str, Any]]]:
    found = [(p.name, json.loads(p.read_text())) for p in sorted(PUBLISHED.glob("*.json"))]
    for form in sorted(PUBLISHED.glob("*.body.txt")):
        fields = dict(parse_qsl(form.read_text().strip()))
        found.append((form.name, json.loads(fields["payload"]) if "payload" in fields else fields))
    return found


@pytest.mark.parametrize(("name", "payload"), _published(), ids=[n for n, _ in _published()])
def test_every_payload_slack_publishes_has_the_shape_slack_sends(
    name: str, payload: dict[str, Any]
) -> None:
    assert malformed(payload) is None, name


def _event(slack: SlackSender, event: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "event_callback",
        "team_id": slack.team_id,
        "api_app_id": slack.app_id,
        "event_id": "Ev0MISSHAPEN",
        "event": event,
    }


def _press(slack: SlackSender, **parts: Any) -> dict[str, Any]:
    press = {"type": "button", "action_id": "open_pilot_trail", "value": "1"}
    return {
        "type": "block_actions",
        "user": {"id": ALICE, "team_id": slack.team_id},
        "team": {"id": slack.team_id},
        "trigger_id": "1.1.t",
        "actions": [press],
        **parts,
    }


MISSHAPEN: list[tuple[str, Any, str]] = [
    (
        "a channel that is an object",
        lambda s: _event(
            s, {"type": "member_joined_channel", "user": ALICE, "channel": {}, "event_ts": "1.2"}
        ),
        "event.channel",
    ),
    (
        "a reaction with no item",
        lambda s: _event(s, {"type": "reaction_added", "user": ALICE, "reaction": "raised_hand"}),
        "event.item",
    ),
    (
        "a thread reply with no ts",
        lambda s: _event(
            s, {"type": "message", "user": ALICE, "channel": GENERAL, "thread_ts": "1.1"}
        ),
        "event.ts",
    ),
    ("an event that is null", lambda s: {"type": "url_verification", "event": None}, "event"),
    ("a press of nothing", lambda s: _press(s, actions=[]), "actions"),
    ("a press that is a string", lambda s: _press(s, actions=["open_pilot_trail"]), "actions.0"),
    (
        "a chosen option that is a list",
        lambda s: _press(
            s, view={"id": "V1", "state": {"values": {"b": {"a": {"selected_option": []}}}}}
        ),
        "view.state.values.b.a.selected_option",
    ),
    (
        "a forged key, logged as ?",
        lambda s: _press(s, view={"state": {"values": {FORGED: {"a": {"value": 7}}}}}),
        "view.state.values.?.a.value",
    ),
    (
        "a callback id that is null",
        lambda s: {"type": "interactive_message", "callback_id": None, "actions": []},
        "callback_id",
    ),
    (
        "a person who is a list",
        lambda s: _press(s, user=[ALICE]),
        "user",
    ),
]


@pytest.mark.parametrize(
    ("build", "place"), [(b, p) for _, b, p in MISSHAPEN], ids=[n for n, _, _ in MISSHAPEN]
)
def test_a_payload_slack_would_never_send_is_refused_at_the_door(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    build: Any,
    place: str,
) -> None:
    payload = build(slack)
    with caplog.at_level(logging.INFO):
        as_form = slack.post_interaction(payload)
        as_json = slack.post_json(payload)
        slack.wait_idle()

    assert (as_form.status_code, as_json.status_code) == (400, 400)
    assert called(fake_slack) == []
    assert stored_anything(db) == []
    refusals = [r.getMessage() for r in caplog.records if r.name == "slack_app.gate"]
    assert (
        refusals
        == [
            f"refused a request to /slack/events: a payload whose {place} is not as Slack sends "
            "it (400 Bad Request)"
        ]
        * 2
    )
    assert not [r for r in caplog.records if r.exc_info]
    assert "forged" not in caplog.text
