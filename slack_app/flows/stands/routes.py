"""F1, taking a stand: `/stand` and its sub-commands, the declaration modal, the declaration
posted in a channel, and the buttons that lead from a stand to its next step.

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Command, Subcommand
from slack_app.flows.guard import guarded
from slack_app.flows.stands.buttons import (
    handle_open_declare,
    handle_open_stand_modal,
    handle_retry_declaration,
)
from slack_app.flows.stands.command import Opener, stand_command
from slack_app.flows.stands.declare import handle_declare_stand


def register(app: App, *, subcommands: Mapping[Subcommand, Opener]) -> None:
    """``subcommands``: the other flows' `/stand` sub-commands, each with what it opens."""
    app.command(Command.STAND.value)(guarded(stand_command(subcommands)))
    app.view_submission(Callback.DECLARE_STAND.value)(guarded(handle_declare_stand))
    app.action(Action.OPEN_DECLARE.value)(guarded(handle_open_declare))
    app.action(Action.RETRY_DECLARATION.value)(guarded(handle_retry_declaration))
    # The next steps from a stand: ask a first follower, form a team, link a channel.
    for opener in (Action.OPEN_ASK, Action.OPEN_FORM_TEAM, Action.OPEN_LINK_CHANNEL):
        app.action(opener.value)(guarded(handle_open_stand_modal))
