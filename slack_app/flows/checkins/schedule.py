"""The check-in schedule's modal: opened from the charter's button or `/stand schedule`."""

from __future__ import annotations

from typing import Any

from slack_app.flows.request import Request
from slack_app.flows.values import number
from slack_app.slack.schedule import open_schedule


def handle_open_schedule(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    open_schedule(
        req.client,
        req.db,
        req.workspace,
        actor_id=req.user_id,
        trigger_id=req.body["trigger_id"],
        pilot_id=number(action),
    )
