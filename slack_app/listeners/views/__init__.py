"""Modal submissions."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from slack_app.blocks.ids import Callback
from slack_app.listeners.guard import guarded
from slack_app.listeners.views.pilots import handle_propose_pilot
from slack_app.listeners.views.schedule import handle_checkin_schedule
from slack_app.listeners.views.structure import handle_structure_item

VIEWS: dict[Callback, Callable[..., None]] = {
    Callback.PROPOSE_PILOT: handle_propose_pilot,
    Callback.STRUCTURE_ITEM: handle_structure_item,
    Callback.CHECKIN_SCHEDULE: handle_checkin_schedule,
}


def register(app: App) -> None:
    for callback_id, handler in VIEWS.items():
        app.view_submission(callback_id.value)(guarded(handler))
