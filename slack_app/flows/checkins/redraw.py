"""A posted check-in's message, edited in place as owners answer and press its buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from slack_app.domain.schedules import zone_of
from slack_app.domain.workspace import Workspace
from slack_app.flows.checkins.messages import pilot_checkin
from slack_app.services import Database
from slack_app.services.checkin_answers import Shown, shown_again
from slack_app.slack.errors import best_effort

REDRAW_PASSES = 3


def _drawn(shown: Shown, now: datetime) -> tuple[str, list[dict[str, Any]]]:
    today = now.astimezone(zone_of(shown.zone)).date()  # days left as the post counted them
    text, blocks = pilot_checkin(
        shown.pilot, shown.structure, today, shown.answered, shown.checkin.milestone_id
    )
    return text, [block.to_dict() for block in blocks]


def _update(client: WebClient, channel: str, ts: str, drawn: tuple[str, list[Any]]) -> None:
    text, blocks = drawn
    best_effort(
        "redraw the check-in",
        lambda: client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks),
    )


def redraw(client: WebClient, db: Database, ws: Workspace, shown: Shown, *, now: datetime) -> None:
    """The check-in message as ``shown`` (read and committed by the request): statuses,
    deliverables, who answered.

    Two redraws at once may land in either order, so after each edit what they race on is
    read again (a short unit of work of its own), and the message edited once more if it
    moved on meanwhile.
    """
    checkin = shown.checkin
    if checkin.channel_id is None or checkin.ts is None:
        return
    channel, ts = checkin.channel_id, checkin.ts
    drawn = _drawn(shown, now)
    for _ in range(REDRAW_PASSES):
        _update(client, channel, ts, drawn)
        with db.unit_of_work(ws) as uow:
            shown = shown_again(uow, shown)
        again = _drawn(shown, now)
        if again == drawn:
            return
        drawn = again
