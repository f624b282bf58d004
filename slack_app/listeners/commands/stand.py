"""`/stand` and its sub-commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.help import help_message
from slack_app.blocks.stands import LIST_LIMIT, stand_list
from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.services.stands import stands_of
from slack_app.slack.declarations import open_declare_modal

DECLARE_WORDS = {"", "new", "declare"}


def handle_stand(
    *, ack: Ack, command: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace
) -> None:
    """`/stand` opens the declaration modal; `list` and `help` answer only the person."""
    words = (command.get("text") or "").strip().split(maxsplit=1)
    name = words[0].lower() if words else ""
    if name in DECLARE_WORDS:
        ack()
        open_declare_modal(client, command["trigger_id"])
        return
    if name == "list":
        page = stands_of(deps.db, workspace, command["user_id"], limit=LIST_LIMIT)
        text, blocks = stand_list(page.stands, page.total)
    else:
        text, blocks = help_message(unknown=None if name == "help" else words[0])
    ack(text=text, blocks=blocks, response_type="ephemeral")
