"""Steps of F2 as people take them in Slack, for scenario tests."""

from __future__ import annotations

from typing import Any

from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.waiting import eventually


def declare(slack: SlackSender, fake: FakeSlack, *, user: str, **values: Any) -> None:
    """Declare a stand through the modal and wait until the app has announced it."""
    view = open_declare_modal(slack, fake, user=user)
    assert slack.view_submission(view, stand_values(**values), user=user).content == b""
    slack.wait_idle()  # its posts, DMs and Home (the outbox's), all delivered


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The message's buttons by action id."""
    return {
        element["action_id"]: element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def press(
    slack: SlackSender,
    fake: FakeSlack,
    message: dict[str, Any],
    action_id: str,
    *,
    user: str,
    dm_of: str | None = None,
) -> None:
    """Press a button of a DM ``message`` (in ``dm_of``'s DM, default ``user``'s) as ``user``."""
    channel = fake.workspace.dm_ids[dm_of or user]
    button = buttons(message)[action_id]
    response = slack.block_action(button, user=user, message=message, channel=channel)
    assert response.status_code == 200


def last_reply(fake: FakeSlack, user: str) -> dict[str, Any]:
    """The newest reply to ``user`` where they pressed (ephemeral, through response_url)."""
    return eventually(lambda: fake.replies_to(user))[-1]


def last_dm(fake: FakeSlack, user: str, count: int = 1) -> dict[str, Any]:
    """The newest DM to ``user`` once there are at least ``count``."""
    return eventually(lambda: fake.dm_messages(user)[count - 1 :] and fake.dm_messages(user))[-1]
