"""`/stand` and its sub-commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from slack_app.blocks.help import help_message
from slack_app.blocks.stands import LIST_LIMIT, stand_list
from slack_app.listeners.stand_flow import open_declare_modal
from slack_app.middleware import deps, workspace_of
from slack_app.services.stands import stands_of

DECLARE_WORDS = {"", "new", "declare"}


def handle_stand(
    ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """`/stand` opens the declaration modal; `list` and `help` answer only the person."""
    sub = (command.get("text") or "").strip().split(maxsplit=1)
    name = sub[0].lower() if sub else ""
    if name in DECLARE_WORDS:
        ack()
        open_declare_modal(client, command["trigger_id"])
    elif name == "list":
        page = stands_of(
            deps(context).db, workspace_of(context), command["user_id"], limit=LIST_LIMIT
        )
        text, blocks = stand_list(page.stands, page.total)
        ack(text=text, blocks=blocks, response_type="ephemeral")
    elif name == "help":
        text, blocks = help_message()
        ack(text=text, blocks=blocks, response_type="ephemeral")
    else:
        text, blocks = help_message(unknown=sub[0])
        ack(text=text, blocks=blocks, response_type="ephemeral")
