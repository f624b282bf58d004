"""Buttons about stands: declare one, try a failed declaration again, open a next step."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.blocks.stands import author_dm
from slack_app.domain.workspace import Workspace
from slack_app.listeners.modals import open_stand_modal
from slack_app.listeners.values import number
from slack_app.middleware import Deps
from slack_app.services.stands import get_stand
from slack_app.slack.declarations import declare_in_channel, open_declare_modal
from slack_app.slack.home import publish_home


def handle_open_declare(*, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_declare_modal(client, body["trigger_id"])


def handle_open_stand_modal(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Open the modal of a next step (ask, form, link) for the stand on the button."""
    ack()
    which = Action(action["action_id"])
    open_stand_modal(client, deps, workspace, body, which, stand_id=number(action))


def handle_retry_declaration(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Post the declaration again (after the author invited the app), and update the DM."""
    ack()
    stand = get_stand(deps.db, workspace, number(action), author_id=body["user"]["id"])
    stand, problem = declare_in_channel(client, deps.db, workspace, stand, now=deps.now())
    text, blocks = author_dm(stand, problem=problem)
    container = body.get("container") or {}
    client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], text=text, blocks=blocks
    )
    publish_home(client, deps.db, workspace, stand.author_id)
