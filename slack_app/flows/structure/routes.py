"""F5, the structure. The ids this flow answers, and its listener for each."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.domain.structure import Kind
from slack_app.flows.guard import guarded
from slack_app.flows.request import Request
from slack_app.listeners.actions.structure import (
    handle_open_full_charter,
    handle_open_structure,
    handle_pick_item,
    handle_remove_item,
)
from slack_app.listeners.views.structure import handle_structure_item
from slack_app.slack.structure import open_form, show_charter

FORMS = {
    Subcommand.MILESTONE: Kind.MILESTONE,
    Subcommand.DELIVERABLE: Kind.DELIVERABLE,
    Subcommand.ROLE: Kind.ROLE,
    Subcommand.FUNDING: Kind.FUNDING,
    Subcommand.APPROVAL: Kind.APPROVAL,
}


def open_structure_form(req: Request, command: dict[str, Any]) -> None:
    subcommand = Subcommand((command.get("text") or "").split()[0].lower())
    open_form(
        req.client,
        req.db,
        req.workspace,
        actor_id=command["user_id"],
        trigger_id=command["trigger_id"],
        kind=FORMS[subcommand],
        channel_id=command.get("channel_id"),
    )


def charter(req: Request, command: dict[str, Any]) -> None:
    show_charter(req.client, req.db, req.workspace, command, now=req.now())


# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {**dict.fromkeys(FORMS, open_structure_form), Subcommand.CHARTER: charter}


def register(app: App) -> None:
    app.view_submission(Callback.STRUCTURE_ITEM.value)(guarded(handle_structure_item))
    app.action(Action.PICK_ITEM.value)(guarded(handle_pick_item))
    app.action(Action.REMOVE_ITEM.value)(guarded(handle_remove_item))
    app.action(Action.OPEN_FULL_CHARTER.value)(guarded(handle_open_full_charter))
    # One per part of the structure ("open_structure:milestone", …): ids are unique in a block.
    app.action(re.compile(f"^{Action.OPEN_STRUCTURE}(:|$)"))(guarded(handle_open_structure))
