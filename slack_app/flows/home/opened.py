"""The Home tab is drawn fresh each time a person opens it."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.flows.home.tab import home_overview, show_home
from slack_app.services import UnitOfWork


def handle_app_home_opened(*, event: dict[str, Any], client: WebClient, uow: UnitOfWork) -> None:
    if event.get("tab") != "home":
        return  # the Messages tab needs nothing from us
    overview = home_overview(uow, event["user"])
    uow.commit()  # before calling Slack: no transaction stays open across a Web API call
    show_home(client, event["user"], overview)
