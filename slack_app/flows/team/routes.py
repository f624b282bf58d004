"""F3, the team: forming it in a pilot channel (or linking one), and who is in.

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback
from slack_app.flows.guard import guarded
from slack_app.flows.team.buttons import handle_im_in
from slack_app.flows.team.events import (
    handle_member_joined_channel,
    handle_member_left_channel,
    handle_reaction_added,
    handle_reaction_removed,
)
from slack_app.flows.team.modals import handle_form_team, handle_link_channel

EVENTS: dict[str, Callable[..., None]] = {
    "reaction_added": handle_reaction_added,
    "reaction_removed": handle_reaction_removed,
    "member_joined_channel": handle_member_joined_channel,
    "member_left_channel": handle_member_left_channel,
}


def register(app: App) -> None:
    app.view_submission(Callback.FORM_TEAM.value)(guarded(handle_form_team))
    app.view_submission(Callback.LINK_CHANNEL.value)(guarded(handle_link_channel))
    app.action(Action.IM_IN.value)(guarded(handle_im_in))
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
