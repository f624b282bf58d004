"""The Home tab: a person's stands, their teams and pilots, drawn fresh when it is opened.

The ids this flow answers, and its listener for each.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.flows.guard import guarded
from slack_app.flows.home.opened import handle_app_home_opened

EVENTS = {"app_home_opened": handle_app_home_opened}


def register(app: App) -> None:
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
