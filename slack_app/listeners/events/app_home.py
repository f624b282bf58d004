"""The Home tab is drawn fresh each time a person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from slack_app.listeners.stand_flow import publish_home
from slack_app.middleware import deps, workspace_of


def handle_app_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home":
        return  # the Messages tab needs nothing from us
    publish_home(client, deps(context), workspace_of(context), event["user"])
