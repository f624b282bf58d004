"""F4, the pilot. The ids this flow answers, and its listener for each."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.flows.guard import guarded
from slack_app.flows.pilots.buttons import (
    handle_open_proposal,
    handle_open_trail,
    handle_pilot_move,
    handle_send_pilot,
)
from slack_app.flows.pilots.posting import open_proposal_modal
from slack_app.flows.pilots.proposal import handle_propose_pilot
from slack_app.flows.request import Request


def open_proposal(req: Request, command: dict[str, Any]) -> None:
    open_proposal_modal(
        req.client,
        req.db,
        req.workspace,
        user_id=command["user_id"],
        trigger_id=command["trigger_id"],
        stand_id=None,
        channel_id=command.get("channel_id"),
    )


# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {Subcommand.PILOT: open_proposal}


def register(app: App) -> None:
    app.view_submission(Callback.PROPOSE_PILOT.value)(guarded(handle_propose_pilot))
    app.action(Action.OPEN_PROPOSAL.value)(guarded(handle_open_proposal))
    app.action(Action.SEND_PILOT.value)(guarded(handle_send_pilot))
    app.action(Action.WITHDRAW_PILOT.value)(guarded(handle_pilot_move))
    app.action(Action.START_PILOT.value)(guarded(handle_pilot_move))
    app.action(Action.OPEN_TRAIL.value)(guarded(handle_open_trail))
