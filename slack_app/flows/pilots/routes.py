"""F4, the pilot. The ids this flow answers, and its listener for each."""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.flows.guard import guarded
from slack_app.flows.pilots.buttons import (
    handle_open_proposal,
    handle_open_trail,
    handle_pilot_move,
    handle_send_pilot,
)
from slack_app.flows.pilots.proposal import handle_propose_pilot, open_proposal

# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {Subcommand.PILOT: open_proposal}


def register(app: App) -> None:
    app.view_submission(Callback.PROPOSE_PILOT.value)(guarded(handle_propose_pilot))
    app.action(Action.OPEN_PROPOSAL.value)(guarded(handle_open_proposal))
    app.action(Action.SEND_PILOT.value)(guarded(handle_send_pilot))
    app.action(Action.WITHDRAW_PILOT.value)(guarded(handle_pilot_move))
    app.action(Action.START_PILOT.value)(guarded(handle_pilot_move))
    app.action(Action.OPEN_TRAIL.value)(guarded(handle_open_trail))
