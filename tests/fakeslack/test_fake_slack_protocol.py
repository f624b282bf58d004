"""The fake refuses and records what Slack would refuse; rate limits, waiting, the wire."""

from __future__ import annotations

import dataclasses
import inspect
import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.fakeslack import FakeSlack
from tests.fakeslack.helpers import ALICE, BOB, GENERAL, TOKEN, error_of, modal, section
from tests.fakeslack.methods import HANDLERS
from tests.fakeslack.protocol import check_arguments
from tests.fakeslack.trouble import RateLimits


def test_unknown_argument(client: WebClient, fake: FakeSlack) -> None:
    call = lambda: client.chat_postMessage(channel=GENERAL, text="hi", colour="red")  # noqa: E731
    assert error_of(call) == "invalid_arguments"
    assert fake.violations == [
        "chat.postMessage: unknown argument 'colour' (not in Slack's spec for this method)"
    ]
    assert fake.messages(GENERAL) == []


def test_newer_arguments_the_spec_lacks_are_allowed(client: WebClient, fake: FakeSlack) -> None:
    metadata = {"event_type": "stand_posted", "event_payload": {"id": 1}}
    client.chat_postMessage(
        channel=GENERAL, text="hi", metadata=metadata, unfurl_links=False, unfurl_media=False
    )
    client.conversations_history(channel=GENERAL, include_all_metadata=True)
    client.conversations_invite(channel=GENERAL, users=[BOB], force=True)
    assert fake.violations == []


def test_missing_required_arguments(client: WebClient, fake: FakeSlack) -> None:
    no_text = lambda: client.api_call("chat.postMessage", json={"channel": GENERAL})  # noqa: E731
    assert error_of(no_text) == "no_text"
    no_name = lambda: client.api_call(  # noqa: E731
        "reactions.add", params={"channel": GENERAL, "timestamp": "1.000001"}
    )
    assert error_of(no_name) == "invalid_name"
    assert fake.violations == [
        "chat.postMessage: missing required argument one of text/blocks/attachments/markdown_text",
        "reactions.add: missing required argument name",
    ]


def test_invalid_block(client: WebClient, fake: FakeSlack) -> None:
    blocks = [{"type": "sektion", "text": {"type": "mrkdwn", "text": "typo"}}]
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks)) == (
        "invalid_blocks"
    )
    assert fake.violations == ["chat.postMessage: blocks[0]: unknown block type 'sektion'"]
    response = fake.calls[0].response
    assert response["response_metadata"]["messages"] == [f"[ERROR] {fake.violations[0]}"]


def test_block_that_slack_sdk_rejects(client: WebClient, fake: FakeSlack) -> None:
    blocks = [{"type": "section"}]  # neither text nor fields
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks)) == (
        "invalid_blocks"
    )
    assert any("text or fields attribute must be specified" in v for v in fake.violations)


def test_misspelt_field_in_an_element(client: WebClient, fake: FakeSlack) -> None:
    button = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "acton_id": "go"}
    blocks = [{"type": "actions", "elements": [button]}]
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks)) == (
        "invalid_blocks"
    )
    assert any("acton_id" in v for v in fake.violations)


def test_more_than_50_blocks_in_a_message(client: WebClient, fake: FakeSlack) -> None:
    blocks = [section(f"n{i}") for i in range(51)]
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks)) == (
        "invalid_blocks"
    )
    assert fake.violations == ["chat.postMessage: 51 blocks (max 50)"]
    client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks[:50])
    assert len(fake.violations) == 1


def test_more_than_100_blocks_in_a_view(client: WebClient, fake: FakeSlack) -> None:
    home = {"type": "home", "blocks": [section(f"n{i}") for i in range(101)]}
    assert error_of(lambda: client.views_publish(user_id=ALICE, view=home)) == "invalid_arguments"
    assert fake.violations == ["views.publish: view: 101 blocks (max 100)"]


def test_duplicate_block_and_action_ids(client: WebClient, fake: FakeSlack) -> None:
    blocks = [section("a", block_id="same"), section("b", block_id="same")]
    call = lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=blocks)  # noqa: E731
    assert error_of(call) == "invalid_blocks"
    button = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}
    actions = [{"type": "actions", "elements": [button, button]}]
    call = lambda: client.chat_postMessage(channel=GENERAL, text="x", blocks=actions)  # noqa: E731
    assert error_of(call) == "invalid_blocks"
    assert fake.violations == [
        "chat.postMessage: blocks[1]: duplicate block_id 'same'",
        "chat.postMessage: blocks[0]: duplicate action_id 'go' within the block",
    ]


def test_modal_limits(client: WebClient, fake: FakeSlack) -> None:
    long_title = modal("A title far too long for Slack")
    assert error_of(lambda: client.views_open(trigger_id="1.2.a", view=long_title)) == (
        "invalid_arguments"
    )
    assert fake.violations == ["views.open: view: title is 30 characters (max 24)"]
    too_much = modal(private_metadata="x" * 3001)
    assert error_of(lambda: client.views_open(trigger_id="1.2.b", view=too_much)) == (
        "invalid_arguments"
    )
    assert "private_metadata is 3001 characters (max 3000)" in fake.violations[1]
    no_submit = modal()
    del no_submit["submit"]
    assert error_of(lambda: client.views_open(trigger_id="1.2.c", view=no_submit)) == (
        "invalid_arguments"
    )
    assert "needs a submit button" in fake.violations[2]
    assert fake.views == {}


def _option(text: str, value: str) -> dict[str, object]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


@pytest.mark.parametrize(
    ("element", "problem"),
    [
        ({"type": "plain_text_input", "action_id": "t", "max_length": 3001}, "max_length is 3001"),
        (
            {"type": "static_select", "action_id": "s", "options": [_option("o" * 76, "v")]},
            "text is 76",
        ),
        (
            {"type": "static_select", "action_id": "s", "options": [_option("o", "v" * 151)]},
            "value is 151",
        ),
        (
            {
                "type": "checkboxes",
                "action_id": "c",
                "options": [_option(str(i), str(i)) for i in range(11)],
            },
            "checkboxes has 11 options",
        ),
    ],
)
def test_element_limits(
    client: WebClient, fake: FakeSlack, element: dict[str, object], problem: str
) -> None:
    view = modal()
    view["blocks"] = [
        {"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": element}
    ]
    assert error_of(lambda: client.views_open(trigger_id="1.2.a", view=view)) == "invalid_arguments"
    assert any(problem in v for v in fake.violations), fake.violations


def test_blocks_without_text_fallback_are_flagged_but_posted(
    client: WebClient, fake: FakeSlack
) -> None:
    with pytest.warns(UserWarning, match="top-level `text`"):
        response = client.chat_postMessage(channel=GENERAL, blocks=[section("no fallback")])
    assert response["ok"] is True
    assert len(fake.messages(GENERAL)) == 1
    assert len(fake.violations) == 1
    assert "blocks without a top-level text" in fake.violations[0]


def test_message_text_and_metadata_limits(client: WebClient, fake: FakeSlack) -> None:
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x" * 40_001)) == (
        "msg_too_long"
    )
    bad = {"event_type": "stand_posted"}
    call = lambda: client.chat_postMessage(channel=GENERAL, text="x", metadata=bad)  # noqa: E731
    assert error_of(call) == "invalid_metadata_format"
    assert len(fake.violations) == 2
    assert "event_payload" in fake.violations[1]


def test_rate_limit_answers_429_with_retry_after(client: WebClient, fake: FakeSlack) -> None:
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=1)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=GENERAL, text="hi")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"
    assert info.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel=GENERAL, text="hi")["ok"] is True


def test_a_method_limited_to_a_rate_refuses_calls_beyond_it(
    client: WebClient, fake: FakeSlack
) -> None:
    seconds = [0.0]
    fake.limits = RateLimits(monotonic=lambda: seconds[0])
    fake.limits.limit("chat.postMessage", per_second=2)
    for _ in range(2):
        assert client.chat_postMessage(channel=GENERAL, text="hi")["ok"] is True
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=GENERAL, text="one too many")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"
    seconds[0] += 0.999
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="x")) == "ratelimited"
    seconds[0] += 0.001
    assert client.chat_postMessage(channel=GENERAL, text="a second later")["ok"] is True
    assert len(fake.messages(GENERAL)) == 3


@pytest.mark.parametrize("status", [500, 503])
def test_slacks_own_trouble_answers_5xx(client: WebClient, fake: FakeSlack, status: int) -> None:
    fake.fail_next("chat.update", "internal_error", status=status)
    with pytest.raises(SlackApiError) as info:
        client.chat_update(channel=GENERAL, ts="1.000001", text="x")
    assert info.value.response.status_code == status


def test_slack_sdk_retry_handler_waits_and_succeeds(fake: FakeSlack) -> None:
    retrying = WebClient(
        token=TOKEN,
        base_url=fake.url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=1)
    started = time.monotonic()
    assert retrying.chat_postMessage(channel=GENERAL, text="hi")["ok"] is True
    first, second = fake.calls_to("chat.postMessage")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.9
    assert time.monotonic() - started >= 0.9
    assert len(fake.messages(GENERAL)) == 1
    assert fake.violations == []


def test_failures_queue_in_order(client: WebClient, fake: FakeSlack) -> None:
    fake.fail_next("chat.postMessage", "not_in_channel")
    fake.fail_next("chat.postMessage", "fatal_error")
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="1")) == "not_in_channel"
    assert client.auth_test()["ok"] is True  # other methods are not affected
    assert error_of(lambda: client.chat_postMessage(channel=GENERAL, text="2")) == "fatal_error"
    assert client.chat_postMessage(channel=GENERAL, text="3")["ok"] is True
    assert [m["text"] for m in fake.messages(GENERAL)] == ["3"]


def test_wait_for_returns_once_the_calls_happened(client: WebClient, fake: FakeSlack) -> None:
    # The call comes from another thread, and a slow Slack answers it a moment after the test
    # starts waiting for it.
    fake.latency = 0.2
    worker = threading.Thread(
        target=lambda: client.chat_postMessage(channel=GENERAL, text="after ack")
    )
    worker.start()
    [call] = fake.wait_for("chat.postMessage", timeout=5)
    worker.join()
    assert call.args == {"channel": GENERAL, "text": "after ack"}
    assert call.response["ok"] is True


def test_wait_for_times_out_with_what_was_called(client: WebClient, fake: FakeSlack) -> None:
    client.auth_test()
    started = time.monotonic()
    with pytest.raises(AssertionError) as info:
        fake.wait_for("views.open", count=1, timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 3
    message = str(info.value)
    assert "views.open" in message
    assert "auth.test(ok)" in message


def test_calls_are_frozen_records_without_the_token(client: WebClient, fake: FakeSlack) -> None:
    client.chat_postMessage(channel=GENERAL, text="one")
    client.users_info(user=ALICE)
    first, second = fake.calls
    assert (first.method, second.method) == ("chat.postMessage", "users.info")
    assert second.args == {"user": ALICE}
    assert first.at <= second.at
    assert first.status == 200
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.method = "x"  # type: ignore[misc]
    fake.reset_calls()
    assert fake.calls == []


def test_form_and_get_requests_are_decoded(fake: FakeSlack) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    got = httpx.get(f"{fake.url}users.info", params={"user": ALICE}, headers=auth).json()
    assert got["user"]["id"] == ALICE
    blocks = json.dumps([section("form")])
    form = {"token": TOKEN, "channel": GENERAL, "text": "form", "blocks": blocks}
    posted = httpx.post(f"{fake.url}chat.postMessage", data=form).json()
    assert posted["ok"] is True
    assert fake.calls[1].args == {"channel": GENERAL, "text": "form", "blocks": [section("form")]}
    assert fake.messages(GENERAL)[0]["blocks"] == [section("form")]
    assert fake.violations == []


def test_json_body_token_is_not_read(fake: FakeSlack) -> None:
    body = {"token": TOKEN, "channel": GENERAL, "text": "hi"}
    answer = httpx.post(f"{fake.url}chat.postMessage", json=body).json()
    assert answer == {"ok": False, "error": "not_authed"}
    assert fake.violations == [
        "chat.postMessage: token in a JSON body (Slack wants the Authorization header)"
    ]


def test_missing_spec_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAND_SLACK_SPEC_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="STAND_SLACK_SPEC_DIR"):
        FakeSlack()


def test_multipart_bodies_are_read(client: WebClient, fake: FakeSlack) -> None:
    response = client.api_call("chat.postMessage", data={"channel": GENERAL, "text": "multi"})
    assert response["ok"] is True
    assert fake.calls[0].args == {"channel": GENERAL, "text": "multi"}
    assert fake.violations == []


def test_team_id_default_param_like_bolts_client(fake: FakeSlack) -> None:
    bolt_like = WebClient(token=TOKEN, base_url=fake.url, team_id=fake.team_id)
    bolt_like.auth_test()
    bolt_like.chat_postMessage(channel=GENERAL, text="hi")
    bolt_like.users_info(user=ALICE)
    assert [c.args.get("team_id") for c in fake.calls] == [fake.team_id] * 3
    assert fake.violations == []
    with pytest.raises(SlackApiError) as refused:  # a token acts in its own workspaces only
        WebClient(token=TOKEN, base_url=fake.url, team_id="T0OTHER001").auth_test()
    assert refused.value.response["error"] == "team_access_not_granted"
    assert fake.violations == [
        "auth.test: team_id 'T0OTHER001' is not this token's workspace (T0TEAM0001)"
    ]


def test_every_argument_slack_sdk_names_is_accepted() -> None:
    """No false alarms: each keyword of the sdk's method is a known argument of that method."""
    for method in HANDLERS:
        signature = inspect.signature(getattr(WebClient, method.replace(".", "_")))
        names = [p for p in signature.parameters if p not in {"self", "kwargs"}]
        problems = check_arguments(method, dict.fromkeys(names, "x"))
        assert [p.message for p in problems if "unknown argument" in p.message] == [], method
