"""Buttons about stands: declare one (Home tab), try a failed declaration again (DM)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.stands import author_dm
from slack_app.domain.errors import NotFound
from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.services.stands import get_stand
from slack_app.slack.declarations import declare_in_channel, open_declare_modal, publish_home


def handle_open_declare(*, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_declare_modal(client, body["trigger_id"])


def _stand_id(action: dict[str, Any]) -> int:
    try:
        return int(action.get("value") or "")
    except ValueError:
        raise NotFound("That button no longer points at a stand.") from None


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
    stand = get_stand(deps.db, workspace, _stand_id(action), author_id=body["user"]["id"])
    stand, problem = declare_in_channel(client, deps.db, workspace, stand, now=deps.now())
    text, blocks = author_dm(stand, problem=problem)
    container = body.get("container") or {}
    client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], text=text, blocks=blocks
    )
    publish_home(client, deps.db, workspace, stand.author_id)
