"""F2, the first follower: asking someone "What do you think about this idea?", and their
answer ("I'm in", "Let's talk", "Not now"), with the author told.

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback
from slack_app.flows.followers.buttons import handle_answer
from slack_app.flows.followers.modals import handle_ask_follower, handle_follower_note
from slack_app.flows.guard import guarded


def register(app: App) -> None:
    app.view_submission(Callback.ASK_FOLLOWER.value)(guarded(handle_ask_follower))
    app.view_submission(Callback.FOLLOWER_NOTE.value)(guarded(handle_follower_note))
    for answer in (Action.FOLLOWER_IN, Action.FOLLOWER_TALK, Action.FOLLOWER_NOT_NOW):
        app.action(answer.value)(guarded(handle_answer))
