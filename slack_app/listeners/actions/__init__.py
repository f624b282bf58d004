"""Buttons and other block actions."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import App

from slack_app.blocks.ids import Action
from slack_app.listeners.actions.checkins import handle_checkin_done, handle_checkin_status
from slack_app.listeners.actions.pilots import (
    handle_open_proposal,
    handle_open_trail,
    handle_pilot_move,
    handle_send_pilot,
)
from slack_app.listeners.actions.structure import (
    handle_open_full_charter,
    handle_open_schedule,
    handle_open_structure,
    handle_pick_item,
    handle_remove_item,
)
from slack_app.listeners.guard import guarded

ACTIONS: dict[Action, Callable[..., None]] = {
    Action.OPEN_PROPOSAL: handle_open_proposal,
    Action.SEND_PILOT: handle_send_pilot,
    Action.WITHDRAW_PILOT: handle_pilot_move,
    Action.START_PILOT: handle_pilot_move,
    Action.OPEN_TRAIL: handle_open_trail,
    Action.PICK_ITEM: handle_pick_item,
    Action.REMOVE_ITEM: handle_remove_item,
    Action.OPEN_FULL_CHARTER: handle_open_full_charter,
    Action.CHECKIN_DONE: handle_checkin_done,
    Action.OPEN_SCHEDULE: handle_open_schedule,
}


def register(app: App) -> None:
    for action_id, handler in ACTIONS.items():
        app.action(action_id.value)(guarded(handler))
    # One per part of the structure ("open_structure:milestone", …): ids are unique in a block.
    app.action(re.compile(f"^{Action.OPEN_STRUCTURE}(:|$)"))(guarded(handle_open_structure))
    app.action(re.compile(f"^{Action.CHECKIN_STATUS}:"))(guarded(handle_checkin_status))
