"""F6, check-ins. The ids this flow answers, and its listener for each."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.flows.checkins.schedule import handle_open_schedule
from slack_app.flows.guard import guarded
from slack_app.flows.request import Request
from slack_app.listeners.actions.checkins import handle_checkin_done, handle_checkin_status
from slack_app.listeners.events.checkins import handle_message
from slack_app.listeners.views.schedule import handle_checkin_schedule
from slack_app.slack.schedule import open_schedule

EVENTS: dict[str, Callable[..., None]] = {"message": handle_message}
# The manifest's message subscriptions, and the event type each delivers.
MESSAGE_SUBSCRIPTIONS = {
    "message.channels": "message",  # replies in check-in threads, in public pilot channels
    "message.groups": "message",  # …and in private (shielded) ones
}


def open_schedule_form(req: Request, command: dict[str, Any]) -> None:
    open_schedule(
        req.client,
        req.db,
        req.workspace,
        actor_id=command["user_id"],
        trigger_id=command["trigger_id"],
        channel_id=command.get("channel_id"),
    )


# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {Subcommand.SCHEDULE: open_schedule_form}


def register(app: App) -> None:
    app.view_submission(Callback.CHECKIN_SCHEDULE.value)(guarded(handle_checkin_schedule))
    app.action(Action.CHECKIN_DONE.value)(guarded(handle_checkin_done))
    app.action(Action.OPEN_SCHEDULE.value)(guarded(handle_open_schedule))
    app.action(re.compile(f"^{Action.CHECKIN_STATUS}:"))(guarded(handle_checkin_status))
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
