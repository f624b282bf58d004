"""F1, taking a stand: `/stand` and its sub-commands, the declaration modal, the declaration
posted in a channel, and the buttons that lead from a stand to its next step.

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Command
from slack_app.flows.stands.buttons import (
    handle_open_declare,
    handle_open_stand_modal,
    handle_retry_declaration,
)
from slack_app.flows.stands.command import handle_stand
from slack_app.flows.stands.declare import handle_declare_stand
from slack_app.listeners.guard import guarded


def register(app: App) -> None:
    app.command(Command.STAND.value)(guarded(handle_stand))
    app.view_submission(Callback.DECLARE_STAND.value)(guarded(handle_declare_stand))
    app.action(Action.OPEN_DECLARE.value)(guarded(handle_open_declare))
    app.action(Action.RETRY_DECLARATION.value)(guarded(handle_retry_declaration))
    # The next steps from a stand: ask a first follower, form a team, link a channel.
    for opener in (Action.OPEN_ASK, Action.OPEN_FORM_TEAM, Action.OPEN_LINK_CHANNEL):
        app.action(opener.value)(guarded(handle_open_stand_modal))
