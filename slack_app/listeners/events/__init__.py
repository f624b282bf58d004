"""Events API subscriptions."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from slack_app.flows.home import routes as home
from slack_app.flows.team import routes as team
from slack_app.listeners.events.checkins import handle_message
from slack_app.listeners.guard import guarded

EVENTS: dict[str, Callable[..., None]] = {
    "message": handle_message,
}
# The manifest's subscriptions, and the event type each delivers.
SUBSCRIPTIONS = {
    **{name: name for name in home.EVENTS},
    **{name: name for name in team.EVENTS},
    **{name: name for name in EVENTS if name != "message"},
    "message.channels": "message",  # replies in check-in threads, in public pilot channels
    "message.groups": "message",  # …and in private (shielded) ones
}


def register(app: App) -> None:
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
