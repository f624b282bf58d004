"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from slack_app.blocks.ids import Command
from slack_app.listeners.commands.stand import handle_stand
from slack_app.listeners.guard import guarded

COMMANDS = {Command.STAND: handle_stand}


def register(app: App) -> None:
    for name, handler in COMMANDS.items():
        app.command(name.value)(guarded(handler))
