"""The Home tab is drawn fresh each time a person opens it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.slack.home import publish_home


def handle_app_home_opened(
    *, event: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace
) -> None:
    if event.get("tab") != "home":
        return  # the Messages tab needs nothing from us
    publish_home(client, deps.db, workspace, event["user"])
