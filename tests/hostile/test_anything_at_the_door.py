"""Whatever arrives at POST /slack/events (random bytes, random JSON, Slack-shaped payloads
with random ids, values and metadata, signed or not), the app never answers 5xx and never
logs a traceback."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slack_app.blocks.ids import Action, Callback, Field
from tests.conftest import ALICE, BOB, CAROL, GENERAL, ROBOT
from tests.support.signed import SlackSender

EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is not a lottery
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
IDS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["1", "2", "0", "", "null", "[]", "1:done", "milestone:1", "x" * 300]),
    st.text(max_size=12),
)
USERS = st.sampled_from([ALICE, BOB, CAROL, ROBOT, "USLACKBOT", "U0NOBODY01", ""])
TEXT = st.text(max_size=40)  # includes NUL and every other control character


def block_action(slack: SlackSender, action_id: str, value: str, user: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "team_id": slack.team_id},
        "team": {"id": slack.team_id},
        "api_app_id": slack.app_id,
        "trigger_id": "1.1.trigger",
        "container": {"type": "message", "channel_id": GENERAL, "message_ts": "1.000001"},
        "channel": {"id": GENERAL},
        "message": {"ts": "1.000001", "text": "x"},
        "actions": [{"type": "button", "action_id": action_id, "value": value, "block_id": "b"}],
    }


def view_submission(
    slack: SlackSender, callback_id: str, meta: str, state: Any, user: str
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "user": {"id": user, "team_id": slack.team_id},
        "team": {"id": slack.team_id},
        "api_app_id": slack.app_id,
        "view": {
            "id": "V0RANDOM01",
            "team_id": slack.team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": meta,
            "hash": "1.x",
            "blocks": [{"type": "input", "block_id": "stand"}],
            "state": {"values": state},
        },
    }


STATES = st.dictionaries(
    st.sampled_from([*(f.value for f in Field), "going", "concept", "title", "owner", "x"]),
    st.dictionaries(
        st.sampled_from([*(f.value for f in Field), "going", "concept", "title", "owner", "x"]),
        st.fixed_dictionaries(
            {}, optional={"value": TEXT, "selected_user": USERS, "selected_option": JSON}
        ),
        max_size=2,
    ),
    max_size=4,
)
INTERACTIONS = st.one_of(
    st.builds(
        lambda a, v, u: ("block", a, v, u), st.sampled_from([a.value for a in Action]), IDS, USERS
    ),
    st.builds(
        lambda c, m, s, u: ("view", c, m, s, u),
        st.sampled_from([c.value for c in Callback]),
        st.one_of(JSON.map(json.dumps), st.text(max_size=20)),
        STATES,
        USERS,
    ),
)
SLACK_TS = st.builds(lambda s, f: f"{s}.{f:06d}", st.integers(1, 2**31), st.integers(0, 999_999))
# Events in the shape Slack sends, with random people, places and times, so that most reach
# the listeners; and random values under a few keys, so that some are refused at the door.
WELL_FORMED = st.fixed_dictionaries(
    {
        "channel": st.sampled_from([GENERAL, "C0NOWHERE1", "D0DMALICE1"]),
        "event_ts": SLACK_TS,
        "ts": SLACK_TS,
        "reaction": st.sampled_from(["raised_hand", "hand", "thumbsup", ""]),
        "item": st.fixed_dictionaries(
            {"type": st.just("message"), "channel": st.just(GENERAL), "ts": SLACK_TS}
        ),
    },
    optional={"thread_ts": SLACK_TS, "text": TEXT, "tab": st.sampled_from(["home", "messages"])},
)
EVENTS = st.builds(
    lambda kind, user, base, extra: {"type": kind, "user": user, **base, **extra},
    st.sampled_from(
        [
            "reaction_added",
            "reaction_removed",
            "member_joined_channel",
            "member_left_channel",
            "app_home_opened",
            "message",
        ]
    ),
    USERS,
    WELL_FORMED,
    st.dictionaries(
        st.sampled_from(
            ["reaction", "item", "channel", "event_ts", "ts", "thread_ts", "text", "tab"]
        ),
        JSON,
        max_size=2,
    ),
)


# The keys Bolt reads to route a payload and fill a listener's context, and the keys the
# listeners read: random values under them reach every reader that could trip.
READ_KEYS = [
    "type", "command", "callback_id", "team", "team_id", "enterprise", "enterprise_id",
    "authorizations", "is_enterprise_install", "is_ext_shared_channel", "user", "user_id",
    "channel", "channel_id", "event", "item", "view", "actions", "message",
    "previous_message", "thread_ts", "response_url", "response_urls", "state", "values",
    "assistant_thread", "function_data", "function_execution_id", "id", "action_id",
    "selected_option", "private_metadata", "subtype", "user_team", "event_id", "trigger_id",
]  # fmt: skip
KINDS = st.sampled_from(
    [
        "block_actions", "view_submission", "view_closed", "event_callback", "shortcut",
        "message_action", "interactive_message", "dialog_submission", "block_suggestion",
        "url_verification", "app_rate_limited", *(e for e in ["message", "reaction_added"]),
    ]
)  # fmt: skip
READ = st.recursive(
    JSON,
    lambda inner: (
        st.dictionaries(st.sampled_from(READ_KEYS), inner | KINDS, max_size=5)
        | st.lists(inner, min_size=1, max_size=2)
    ),
    max_leaves=15,
)
ENVELOPES = st.builds(
    lambda kind, rest: {"type": kind, **rest},
    KINDS,
    st.dictionaries(st.sampled_from(READ_KEYS), READ, max_size=6),
)


def tracebacks(slack: SlackSender, caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the request's work logged with a traceback, or over more than a line (a newline
    from the request could forge one), once it is done; the log then starts afresh."""
    slack.wait_idle(timeout=30)
    found = [r.getMessage() for r in caplog.records if r.exc_info or "\n" in r.getMessage()]
    caplog.clear()
    return found


HEADER_VALUES = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0xFF), min_size=1, max_size=30
).map(lambda text: text.encode("latin-1"))
FORGED_HEADERS = st.dictionaries(
    st.sampled_from(["X-Slack-Request-Timestamp", "X-Slack-Signature"]), HEADER_VALUES, max_size=2
)


@EXAMPLES
@given(
    body=st.binary(max_size=300),
    content_type=CONTENT_TYPES,
    signed=st.booleans(),
    headers=FORGED_HEADERS,
)
def test_random_bytes(
    slack: SlackSender,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
    signed: bool,
    headers: dict[str, bytes],
) -> None:
    signature = None if signed and not headers else "v0=" + "0" * 64
    with caplog.at_level(logging.INFO):
        response = slack.post(body, content_type, signature=signature, headers=headers)
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []
    if not signed:
        assert response.status_code in (400, 401)


@EXAMPLES
@given(value=JSON, as_form=st.booleans())
def test_random_json(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, value: Any, as_form: bool
) -> None:
    with caplog.at_level(logging.INFO):
        if as_form:
            response = slack.post_form({"payload": json.dumps(value)})
        else:
            response = slack.post(json.dumps(value).encode(), "application/json")
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []


@EXAMPLES
@given(envelope=ENVELOPES, as_form=st.booleans())
def test_random_values_where_bolt_and_the_listeners_read(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, envelope: dict[str, Any], as_form: bool
) -> None:
    with caplog.at_level(logging.INFO):
        if as_form:
            response = slack.post_form({"payload": json.dumps(envelope)})
        else:
            response = slack.post(json.dumps(envelope).encode(), "application/json")
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []


@EXAMPLES
@given(interaction=INTERACTIONS)
def test_random_block_kit_interactions(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, interaction: tuple[Any, ...]
) -> None:
    if interaction[0] == "block":
        _, action_id, value, user = interaction
        payload = block_action(slack, action_id, value, user)
    else:
        _, callback_id, meta, state, user = interaction
        payload = view_submission(slack, callback_id, meta, state, user)
    with caplog.at_level(logging.INFO):
        response = slack.post_interaction(payload)
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []


@EXAMPLES
@given(text=TEXT, user=USERS, channel=st.sampled_from([GENERAL, "D0DMALICE1", "C0NOWHERE1"]))
def test_random_commands(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, text: str, user: str, channel: str
) -> None:
    fields = slack.command_fields("/stand", text, user=user or ALICE, channel=channel)
    with caplog.at_level(logging.INFO):
        response = slack.post(urlencode(fields).encode(), "application/x-www-form-urlencoded")
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []


@EXAMPLES
@given(event=EVENTS)
def test_random_events(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:
    with caplog.at_level(logging.INFO):
        response = slack.event(event)
    assert response.status_code < 500, response.text
    assert tracebacks(slack, caplog) == []
