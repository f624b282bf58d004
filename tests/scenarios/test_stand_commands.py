"""`/stand list`, `/stand help` and unknown sub-commands: answered to the person only."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Subcommand
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values


def declare(slack: SlackSender, fake: FakeSlack, user: str, going: str) -> None:
    view = open_declare_modal(slack, fake, user=user)
    assert slack.view_submission(view, stand_values(going=going), user=user).content == b""
    fake.wait_for("views.publish", count=len(fake.calls_to("views.open")))


def answer(slack: SlackSender, text: str, user: str = ALICE) -> dict[str, Any]:
    response = slack.command(text, user=user)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["response_type"] == "ephemeral"
    return body


def test_list_with_no_stands_says_how_to_take_one(slack: SlackSender) -> None:
    body = answer(slack, "list")
    assert "You have not taken a stand yet" in body["text"]
    assert "/stand" in str(body["blocks"])


def test_list_shows_only_the_authors_stands_newest_first(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    declare(slack, fake_slack, ALICE, "First stand")
    declare(slack, fake_slack, BOB, "Bob's stand")
    declare(slack, fake_slack, ALICE, "Second stand")

    body = answer(slack, "LIST")

    text = str(body["blocks"])
    assert body["text"] == "Your stands (2)"
    assert text.index("Second stand") < text.index("First stand")
    assert "Bob's stand" not in text
    assert "Declared" in text
    assert "private for now" in text


def test_list_caps_a_long_history_and_says_how_many_more(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    for n in range(22):
        declare(slack, fake_slack, ALICE, f"Stand number {n}")

    body = answer(slack, "list")

    assert body["text"] == "Your stands (22)"
    assert "Stand number 21" in str(body["blocks"])
    assert "Stand number 1*" not in str(body["blocks"])
    assert "…and 2 older." in str(body["blocks"])


def test_help_lists_every_sub_command(slack: SlackSender) -> None:
    text = str(answer(slack, "help")["blocks"])
    for subcommand in Subcommand:
        assert f"`{f'/stand {subcommand.value}'.strip()}`" in text


def test_an_unknown_sub_command_answers_with_help(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    body = answer(slack, "frobnicate the <!channel>")

    assert "I don't know `/stand frobnicate`" in body["text"]
    assert "`/stand list`" in str(body["blocks"])
    assert fake_slack.calls_to("views.open") == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_another_workspace_never_sees_these_stands(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    declare(slack, fake_slack, ALICE, "Acme's stand")

    slack.team_id = "T0OTHER001"  # same user id, another workspace's request
    body = answer(slack, "list")

    assert "Stand is not installed in this workspace" in body["text"]
    assert "Acme" not in str(body)
