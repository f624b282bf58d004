"""The fake answers slack-sdk's real WebClient the way Slack does: method by method."""

from __future__ import annotations

import functools
import re
from zoneinfo import ZoneInfo

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
    error_of,
    section,
)

TS = re.compile(r"^\d{10}\.\d{6}$")


def test_runs_on_a_local_port_and_stops() -> None:
    fake = FakeSlack()
    with fake:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/", fake.url)
        assert (fake.team_id, fake.bot_user_id, fake.bot_id, fake.app_id) == (
            "T0TEAM0001",
            "U0APPBOT1",
            "B0APPBOT01",
            "A0APP00001",
        )
        assert fake.enterprise_id is None
    with pytest.raises(RuntimeError, match="not running"):
        _ = fake.url


def test_auth_test_names_the_bot_and_its_scopes(fake: FakeSlack, client: WebClient) -> None:
    fake.scopes = {"chat:write", "users:read"}
    response = client.auth_test()
    assert response["user_id"] == fake.bot_user_id
    assert response["bot_id"] == fake.bot_id
    assert response["team_id"] == fake.team_id
    assert response["url"].startswith("https://")
    assert response["is_enterprise_install"] is False
    assert response.headers["x-oauth-scopes"] == "chat:write,users:read"
    assert fake.violations == []


def test_wrong_or_missing_token_is_refused_on_any_method(fake: FakeSlack) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=fake.url)
    assert error_of(wrong.auth_test) == "invalid_auth"
    assert error_of(lambda: wrong.chat_postMessage(channel=GENERAL, text="hi")) == "invalid_auth"
    anonymous = WebClient(base_url=fake.url)
    assert error_of(lambda: anonymous.users_info(user=ALICE)) == "not_authed"
    assert fake.messages(GENERAL) == []


def test_users_info(client: WebClient, fake: FakeSlack) -> None:
    alice = client.users_info(user=ALICE)["user"]
    assert (alice["id"], alice["name"], alice["real_name"], alice["team_id"]) == (
        ALICE,
        "alice",
        "Alice Adams",
        fake.team_id,
    )
    assert alice["tz"] == "Europe/Berlin"
    berlin = fake.clock.now().astimezone(ZoneInfo("Europe/Berlin"))  # her offset at this instant
    summer = bool(berlin.dst())
    assert alice["tz_offset"] == (7200 if summer else 3600)
    assert alice["tz_label"] == (
        "Central European Summer Time" if summer else "Central European Time"
    )
    assert alice["profile"]["display_name"] == "alice"
    assert alice["profile"]["real_name"] == "Alice Adams"
    assert (alice["is_bot"], alice["deleted"]) == (False, False)
    assert client.users_info(user=GONE)["user"]["deleted"] is True
    assert client.users_info(user=fake.bot_user_id)["user"]["is_bot"] is True
    assert error_of(lambda: client.users_info(user="U0NOBODY01")) == "user_not_found"
    assert fake.violations == []


def test_post_message_answers_like_slack_and_is_stored(client: WebClient, fake: FakeSlack) -> None:
    blocks = [section("*Stand* today")]
    first = client.chat_postMessage(channel=GENERAL, text="Stand today", blocks=blocks)
    second = client.chat_postMessage(channel=GENERAL, text="again")
    assert first["channel"] == GENERAL
    assert TS.match(first["ts"])
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["text"] == "Stand today"
    assert first["message"]["bot_id"] == fake.bot_id
    [stored, _] = fake.messages(GENERAL)
    assert stored["ts"] == first["ts"]
    assert stored["user"] == fake.bot_user_id
    assert stored["blocks"] == blocks
    assert stored["thread_ts"] is None
    assert stored["metadata"] is None
    assert fake.violations == []


def test_post_to_a_user_uses_one_stable_dm(client: WebClient, fake: FakeSlack) -> None:
    first = client.chat_postMessage(channel=ALICE, text="one")
    second = client.chat_postMessage(channel=ALICE, text="two")
    assert first["channel"].startswith("D")
    assert second["channel"] == first["channel"]
    assert client.conversations_open(users=ALICE)["channel"]["id"] == first["channel"]
    assert [m["text"] for m in fake.dm_messages(ALICE)] == ["one", "two"]
    assert fake.dm_messages(BOB) == []
    assert fake.violations == []


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        ("C0NOWHERE1", "channel_not_found"),
        (RANDOM, "not_in_channel"),
        (SECRET, "channel_not_found"),
        (OLD, "is_archived"),
        (GONE, "user_disabled"),
        (ROBOT, "cannot_dm_bot"),
    ],
)
def test_post_message_errors(client: WebClient, fake: FakeSlack, channel: str, error: str) -> None:
    assert error_of(lambda: client.chat_postMessage(channel=channel, text="hi")) == error
    assert fake.calls_to("chat.postMessage")[0].response == {"ok": False, "error": error}
    assert fake.violations == []


def test_threads_and_metadata(client: WebClient, fake: FakeSlack) -> None:
    metadata = {"event_type": "stand_posted", "event_payload": {"stand_id": 7}}
    parent = client.chat_postMessage(channel=GENERAL, text="parent", metadata=metadata)
    reply = client.chat_postMessage(channel=GENERAL, text="reply", thread_ts=parent["ts"])
    assert reply["message"]["thread_ts"] == parent["ts"]
    thread = client.conversations_replies(channel=GENERAL, ts=parent["ts"])["messages"]
    assert [m["text"] for m in thread] == ["parent", "reply"]
    assert thread[0]["reply_count"] == 1
    plain = client.conversations_history(channel=GENERAL)["messages"]
    assert [m["text"] for m in plain] == ["parent"]
    assert "metadata" not in plain[0]
    full = client.conversations_history(channel=GENERAL, include_all_metadata=True)["messages"]
    assert full[0]["metadata"] == metadata
    assert fake.messages(GENERAL)[1]["thread_ts"] == parent["ts"]
    assert error_of(lambda: client.conversations_replies(channel=GENERAL, ts="1.000001")) == (
        "thread_not_found"
    )
    assert error_of(lambda: client.conversations_history(channel=RANDOM)) == "not_in_channel"
    assert fake.violations == []


def test_history_pages_newest_first(client: WebClient, fake: FakeSlack) -> None:
    for n in range(3):
        client.chat_postMessage(channel=GENERAL, text=f"m{n}")
    page = client.conversations_history(channel=GENERAL, limit=2)
    assert [m["text"] for m in page["messages"]] == ["m2", "m1"]
    assert page["has_more"] is True
    cursor = page["response_metadata"]["next_cursor"]
    rest = client.conversations_history(channel=GENERAL, limit=2, cursor=cursor)
    assert [m["text"] for m in rest["messages"]] == ["m0"]
    assert rest["has_more"] is False
    assert fake.violations == []


def test_chat_update_edits_only_the_bots_messages(client: WebClient, fake: FakeSlack) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="old", blocks=[section("old")])["ts"]
    updated = client.chat_update(channel=GENERAL, ts=ts, text="new", blocks=[section("new")])
    assert (updated["channel"], updated["ts"], updated["text"]) == (GENERAL, ts, "new")
    [stored] = fake.messages(GENERAL)
    assert (stored["text"], stored["blocks"]) == ("new", [section("new")])
    client.chat_update(channel=GENERAL, ts=ts, text="text only")
    assert fake.messages(GENERAL)[0]["blocks"] is None  # Slack drops blocks on a text-only edit
    theirs = fake.add_message(GENERAL, user=ALICE, text="mine")["ts"]
    assert error_of(lambda: client.chat_update(channel=GENERAL, ts=theirs, text="x")) == (
        "cant_update_message"
    )
    assert error_of(lambda: client.chat_update(channel=GENERAL, ts="1.000001", text="x")) == (
        "message_not_found"
    )
    assert fake.violations == []


def test_chat_delete(client: WebClient, fake: FakeSlack) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="bye")["ts"]
    assert client.chat_delete(channel=GENERAL, ts=ts)["ts"] == ts
    assert fake.messages(GENERAL) == []
    assert error_of(lambda: client.chat_delete(channel=GENERAL, ts=ts)) == "message_not_found"
    theirs = fake.add_message(GENERAL, user=ALICE, text="mine")["ts"]
    assert error_of(lambda: client.chat_delete(channel=GENERAL, ts=theirs)) == "cant_delete_message"
    assert fake.violations == []


def test_post_ephemeral(client: WebClient, fake: FakeSlack) -> None:
    response = client.chat_postEphemeral(channel=GENERAL, user=ALICE, text="only you")
    assert TS.match(response["message_ts"])
    [shown] = fake.ephemeral_messages(GENERAL)
    assert (shown["recipient"], shown["text"]) == (ALICE, "only you")
    assert fake.messages(GENERAL) == []
    assert error_of(lambda: client.chat_postEphemeral(channel=GENERAL, user=BOB, text="x")) == (
        "user_not_in_channel"
    )
    assert fake.violations == []


def test_get_permalink(client: WebClient, fake: FakeSlack) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="link me")["ts"]
    link = client.chat_getPermalink(channel=GENERAL, message_ts=ts)["permalink"]
    assert link.endswith(f"/archives/{GENERAL}/p{ts.replace('.', '')}")
    missing = error_of(lambda: client.chat_getPermalink(channel=GENERAL, message_ts="1.000001"))
    assert missing == "message_not_found"
    assert fake.violations == []


def test_conversations_join(client: WebClient, fake: FakeSlack) -> None:
    joined = client.conversations_join(channel=RANDOM)
    assert joined["channel"]["id"] == RANDOM
    assert joined["channel"]["is_member"] is True
    assert client.conversations_join(channel=RANDOM)["warning"] == "already_in_channel"
    assert client.chat_postMessage(channel=RANDOM, text="now I can")["ok"] is True
    assert error_of(lambda: client.conversations_join(channel=SECRET)) == (
        "method_not_supported_for_channel_type"
    )
    assert error_of(lambda: client.conversations_join(channel=OLD)) == "is_archived"
    assert error_of(lambda: client.conversations_join(channel="C0NOWHERE1")) == "channel_not_found"
    assert fake.violations == []


def test_conversations_info_and_members(client: WebClient, fake: FakeSlack) -> None:
    info = client.conversations_info(channel=RANDOM, include_num_members=True)["channel"]
    assert (info["name"], info["is_private"], info["is_member"], info["num_members"]) == (
        "random",
        False,
        False,
        2,
    )
    assert error_of(lambda: client.conversations_info(channel=SECRET)) == "channel_not_found"
    first = client.conversations_members(channel=GENERAL, limit=1)
    cursor = first["response_metadata"]["next_cursor"]
    rest = client.conversations_members(channel=GENERAL, limit=1, cursor=cursor)
    assert sorted(first["members"] + rest["members"]) == sorted([ALICE, fake.bot_user_id])
    assert rest["response_metadata"]["next_cursor"] == ""
    assert fake.violations == []


def test_conversations_open_errors(client: WebClient, fake: FakeSlack) -> None:
    assert client.conversations_open(users=[BOB], return_im=True)["channel"]["is_im"] is True
    assert error_of(lambda: client.conversations_open(users="U0NOBODY01")) == "user_not_found"
    assert error_of(lambda: client.conversations_open(users=GONE)) == "user_disabled"
    assert fake.violations == []


def test_conversations_create(client: WebClient, fake: FakeSlack) -> None:
    created = client.conversations_create(name="stand-team_2", is_private=True)["channel"]
    assert created["id"].startswith("C")
    assert (created["name"], created["is_private"], created["is_member"]) == (
        "stand-team_2",
        True,
        True,
    )
    assert created["creator"] == fake.bot_user_id
    assert client.conversations_info(channel=created["id"])["channel"]["name"] == "stand-team_2"
    assert fake.violations == []


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Stand Team", "invalid_name_specials"),
        ("stand!", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
        ("---", "invalid_name_punctuation"),
        ("general", "name_taken"),
    ],
)
def test_conversations_create_name_rules(client: WebClient, name: str, error: str) -> None:
    assert error_of(lambda: client.conversations_create(name=name)) == error


def test_conversations_create_without_a_name_is_a_violation(
    client: WebClient, fake: FakeSlack
) -> None:
    assert error_of(lambda: client.conversations_create(name="")) == "invalid_name_required"
    assert any("missing required argument name" in v for v in fake.violations)


def test_conversations_invite(client: WebClient, fake: FakeSlack) -> None:
    invited = client.conversations_invite(channel=GENERAL, users=[BOB])
    assert invited["channel"]["id"] == GENERAL
    assert BOB in client.conversations_members(channel=GENERAL)["members"]
    cases = [
        (GENERAL, BOB, "already_in_channel"),
        (GENERAL, fake.bot_user_id, "cant_invite_self"),
        (GENERAL, "U0NOBODY01", "user_not_found"),
        (RANDOM, BOB, "not_in_channel"),
        (OLD, BOB, "is_archived"),
    ]
    for channel, user, error in cases:
        invite = functools.partial(client.conversations_invite, channel=channel, users=user)
        assert error_of(invite) == error, (channel, user)
    assert fake.violations == []


def test_pins_and_reactions(client: WebClient, fake: FakeSlack) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="pin me")["ts"]
    assert client.pins_add(channel=GENERAL, timestamp=ts)["ok"] is True
    assert error_of(lambda: client.pins_add(channel=GENERAL, timestamp=ts)) == "already_pinned"
    assert client.reactions_add(channel=GENERAL, timestamp=ts, name="white_check_mark")["ok"]
    again = error_of(
        lambda: client.reactions_add(channel=GENERAL, timestamp=ts, name="white_check_mark")
    )
    assert again == "already_reacted"
    [stored] = fake.messages(GENERAL)
    assert stored["pinned_to"] == [GENERAL]
    assert stored["reactions"] == [
        {"name": "white_check_mark", "users": [fake.bot_user_id], "count": 1}
    ]
    missing = error_of(
        lambda: client.reactions_add(channel=GENERAL, timestamp="1.000001", name="x")
    )
    assert missing == "message_not_found"
    assert fake.violations == []


def test_spec_method_the_fake_lacks_answers_ok_but_is_flagged(
    client: WebClient, fake: FakeSlack
) -> None:
    assert client.api_call("emoji.list")["ok"] is True
    assert fake.violations == ["not implemented in fake: emoji.list"]


def test_method_unknown_to_slack(client: WebClient, fake: FakeSlack) -> None:
    assert error_of(lambda: client.api_call("chat.postMesage", json={"channel": GENERAL})) == (
        "unknown_method"
    )
    assert fake.violations == ["chat.postMesage: unknown method (not in Slack's spec)"]
    assert TOKEN not in str(fake.calls[0].args)


def test_post_by_channel_name_and_thread_reply_to_a_reply(
    client: WebClient, fake: FakeSlack
) -> None:
    parent = client.chat_postMessage(channel="#general", text="parent")
    assert parent["channel"] == GENERAL
    reply = client.chat_postMessage(channel=GENERAL, text="reply", thread_ts=parent["ts"])
    assert fake.violations == []
    nested = client.chat_postMessage(channel=GENERAL, text="nested", thread_ts=reply["ts"])
    assert nested["message"]["thread_ts"] == parent["ts"]  # Slack files it under the parent
    assert fake.violations == [
        f"chat.postMessage: thread_ts {reply['ts']} is a reply; "
        f"Slack asks for the parent's ts {parent['ts']}"
    ]


def test_replies_to_a_seeded_message_from_a_person(client: WebClient, fake: FakeSlack) -> None:
    question = fake.add_message(GENERAL, user=ALICE, text="standup?")
    client.chat_postMessage(channel=GENERAL, text="on it", thread_ts=question["ts"])
    thread = client.conversations_replies(channel=GENERAL, ts=question["ts"])["messages"]
    assert [(m["user"], m["text"]) for m in thread] == [
        (ALICE, "standup?"),
        (fake.bot_user_id, "on it"),
    ]
    assert thread[1]["parent_user_id"] == ALICE
    assert fake.violations == []


def test_lists(client: WebClient, fake: FakeSlack) -> None:
    public = client.conversations_list(exclude_archived=True)["channels"]
    assert {c["id"] for c in public} == {GENERAL, RANDOM}
    dm = client.chat_postMessage(channel=ALICE, text="hi")["channel"]
    everything = client.conversations_list(types="public_channel,private_channel,im")
    ids = {c["id"] for c in everything["channels"]}
    assert {GENERAL, RANDOM, OLD, dm} <= ids
    assert SECRET not in ids  # private and the bot is not a member
    members = client.users_list()["members"]
    assert {ALICE, BOB, GONE, ROBOT, fake.bot_user_id} == {u["id"] for u in members}
    assert fake.violations == []


def test_seeding_again_updates_a_channel_and_keeps_its_messages(
    client: WebClient, fake: FakeSlack
) -> None:
    fake.add_message(SECRET, user=ALICE, text="before the app came")
    fake.add_channel(SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=True)
    assert client.chat_postMessage(channel=SECRET, text="hello")["channel"] == SECRET
    assert [m["text"] for m in fake.messages(SECRET)] == ["before the app came", "hello"]
    fake.add_user(BOB, name="bob", dm_channel_id="D0DMBOB001")
    assert client.chat_postMessage(channel=BOB, text="hi")["channel"] == "D0DMBOB001"
    assert fake.violations == []
