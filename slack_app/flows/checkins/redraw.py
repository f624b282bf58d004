"""A posted check-in's message, edited in place as owners answer and press its buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from slack_app.domain.schedules import zone_of
from slack_app.domain.workspace import Workspace
from slack_app.flows.checkins.messages import pilot_checkin
from slack_app.flows.redrawing import redraw_until_settled
from slack_app.services import Database
from slack_app.services.checkin_answers import Shown, shown_again
from slack_app.slack.errors import best_effort

Drawn = tuple[str, list[dict[str, Any]]]


def _drawn(shown: Shown, now: datetime) -> Drawn:
    today = now.astimezone(zone_of(shown.zone)).date()  # days left as the post counted them
    return pilot_checkin(
        shown.pilot, shown.structure, today, shown.answered, shown.checkin.milestone_id
    )


def redraw(client: WebClient, db: Database, ws: Workspace, shown: Shown, *, now: datetime) -> None:
    """The check-in message as ``shown`` (read and committed by the request): statuses,
    deliverables, who answered. Two redraws at once may land in either order, so it is read
    back after each edit (a short unit of work of its own) and drawn again if it moved on."""
    channel, ts = shown.checkin.channel_id, shown.checkin.ts
    if channel is None or ts is None:
        return

    def edit(shown: Shown, drawn: Drawn) -> Shown:
        text, blocks = drawn
        best_effort(
            "redraw the check-in",
            lambda: client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks),
        )
        with db.unit_of_work(ws) as uow:
            return shown_again(uow, shown)

    redraw_until_settled(shown, draw=lambda shown: _drawn(shown, now), edit=edit)
