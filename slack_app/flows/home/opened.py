"""The Home tab is drawn fresh each time a person opens it."""

from __future__ import annotations

from typing import Any

from slack_app.flows.home.tab import home_overview, show_home
from slack_app.flows.request import Request


def handle_app_home_opened(req: Request, event: dict[str, Any]) -> None:
    if event.get("tab") != "home":
        return  # the Messages tab needs nothing from us
    user_id = event["user"]
    overview = home_overview(req.uow, user_id)
    req.uow.commit()  # before calling Slack: no transaction stays open across a Web API call
    client = req.client
    req.after_ack(lambda: show_home(client, user_id, overview))
