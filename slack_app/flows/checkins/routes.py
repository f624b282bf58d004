"""F6, check-ins. The ids this flow answers, and its listener for each."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.flows.checkins.answers import handle_message
from slack_app.flows.checkins.buttons import handle_checkin_done, handle_checkin_status
from slack_app.flows.checkins.schedule import (
    handle_checkin_schedule,
    handle_open_schedule,
    open_schedule_form,
)
from slack_app.flows.guard import guarded

EVENTS: dict[str, Callable[..., None]] = {"message": handle_message}
# The manifest's message subscriptions, and the event type each delivers.
MESSAGE_SUBSCRIPTIONS = {
    "message.channels": "message",  # replies in check-in threads, in public pilot channels
    "message.groups": "message",  # …and in private (shielded) ones
}

# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {Subcommand.SCHEDULE: open_schedule_form}


def register(app: App) -> None:
    app.view_submission(Callback.CHECKIN_SCHEDULE.value)(guarded(handle_checkin_schedule))
    app.action(Action.CHECKIN_DONE.value)(guarded(handle_checkin_done))
    app.action(Action.OPEN_SCHEDULE.value)(guarded(handle_open_schedule))
    app.action(re.compile(f"^{Action.CHECKIN_STATUS}:"))(guarded(handle_checkin_status))
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
