"""Decisions: a request sent to a decider, their answer by button (with a note when they ask
for changes or decline).

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback
from slack_app.flows.decisions.buttons import handle_decide
from slack_app.flows.decisions.note import handle_decision_note
from slack_app.flows.guard import guarded


def register(app: App) -> None:
    for verdict in (Action.DECIDE_APPROVE, Action.DECIDE_CHANGES, Action.DECIDE_DECLINE):
        app.action(verdict.value)(guarded(handle_decide))
    app.view_submission(Callback.DECISION_NOTE.value)(guarded(handle_decision_note))
