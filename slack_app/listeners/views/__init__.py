"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Callback
from slack_app.listeners.guard import guarded
from slack_app.listeners.views.declare_stand import handle_declare_stand

VIEWS = {Callback.DECLARE_STAND: handle_declare_stand}


def register(app: App) -> None:
    for callback_id, handler in VIEWS.items():
        app.view_submission(callback_id.value)(guarded(handler))
