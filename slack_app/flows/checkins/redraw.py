"""A posted check-in's message, edited in place as owners answer and press its buttons
(through the outbox: each change records a redraw)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from slack_app.domain.schedules import zone_of
from slack_app.flows.checkins.messages import pilot_checkin
from slack_app.services import Database
from slack_app.services.checkin_answers import Shown, shown_at
from slack_app.services.outbox import Claimed

Drawn = tuple[str, list[dict[str, Any]]]


def _drawn(shown: Shown, now: datetime) -> Drawn:
    today = now.astimezone(zone_of(shown.zone)).date()  # days left as the post counted them
    return pilot_checkin(
        shown.pilot, shown.structure, today, shown.answered, shown.checkin.milestone_id
    )


def deliver_checkin(client: WebClient, db: Database, effect: Claimed, now: datetime) -> None:
    """The outbox's redraw of a posted check-in: statuses, deliverables, who answered, as
    stored now. Redraws of one check-in are delivered one at a time, each drawing the newest
    state, so the last to land is the newest."""
    channel, ts = str(effect.payload["channel_id"]), str(effect.payload["ts"])
    with db.unit_of_work(effect.workspace) as uow:
        shown = shown_at(uow, channel, ts)
    if shown is None:
        return  # no check-in there any more
    text, blocks = _drawn(shown, now)
    client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
