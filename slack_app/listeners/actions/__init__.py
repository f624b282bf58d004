"""Buttons and other block actions."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from slack_app.blocks.ids import Action
from slack_app.listeners.actions.stands import handle_open_declare, handle_retry_declaration
from slack_app.listeners.guard import guarded

ACTIONS: dict[Action, Callable[..., None]] = {
    Action.OPEN_DECLARE: handle_open_declare,
    Action.RETRY_DECLARATION: handle_retry_declaration,
}


def register(app: App) -> None:
    for action_id, handler in ACTIONS.items():
        app.action(action_id.value)(guarded(handler))
