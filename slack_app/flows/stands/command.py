"""`/stand` and its sub-commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_app.blocks.help import help_message
from slack_app.blocks.ids import DECLARE_ALIASES, Action, Subcommand
from slack_app.flows.request import Request
from slack_app.flows.stands.declaring import declare_view
from slack_app.flows.stands.messages import LIST_LIMIT, stand_list
from slack_app.flows.stands.next_steps import open_stand_modal
from slack_app.services.home import stands_overview

# What a sub-command of another flow opens, given the request and the command.
Opener = Callable[[Request, dict[str, Any]], None]
STAND_MODALS = {
    Subcommand.ASK: Action.OPEN_ASK,
    Subcommand.TEAM: Action.OPEN_FORM_TEAM,
    Subcommand.LINK: Action.OPEN_LINK_CHANNEL,
}


def parse_subcommand(text: str) -> tuple[Subcommand | None, str]:
    """The sub-command (None when unknown) and the word the person typed."""
    words = text.strip().split(maxsplit=1)
    word = words[0] if words else ""
    name = "" if word.lower() in DECLARE_ALIASES else word.lower()
    try:
        return Subcommand(name), word
    except ValueError:
        return None, word


def stand_command(
    openers: Mapping[Subcommand, Opener],
) -> Callable[[Request, dict[str, Any]], None]:
    """The `/stand` listener, with what other flows' sub-commands open."""

    def handle_stand(req: Request, command: dict[str, Any]) -> None:
        """`/stand` opens the declaration modal; `list` and `help` answer only the person."""
        subcommand, word = parse_subcommand(command.get("text") or "")
        if subcommand is Subcommand.DECLARE:
            req.ack()
            req.open_modal(declare_view(), trigger_id=command["trigger_id"])
        elif subcommand in STAND_MODALS:
            req.ack()
            open_stand_modal(req, command, STAND_MODALS[subcommand], stand_id=None)
        elif subcommand is not None and subcommand in openers:
            req.ack()
            openers[subcommand](req, command)
        elif subcommand is Subcommand.LIST:
            overview = stands_overview(req.uow, command["user_id"], limit=LIST_LIMIT)
            text, blocks = stand_list(
                overview.page.stands, overview.page.total, overview.teams, overview.pilots
            )
            req.ack(text=text, blocks=blocks, response_type="ephemeral")
        else:
            text, blocks = help_message(unknown=None if subcommand is Subcommand.HELP else word)
            req.ack(text=text, blocks=blocks, response_type="ephemeral")

    return handle_stand
