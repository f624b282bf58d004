"""Thin Bolt listeners: parse, ack, call a service, render, send."""

from __future__ import annotations

from slack_bolt import App

from slack_app.listeners import actions, events, views
from slack_app.listeners.errors import handle_error


def register_listeners(app: App) -> None:
    views.register(app)
    actions.register(app)
    events.register(app)
    app.error(handle_error)
