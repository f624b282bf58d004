"""Notices: short DMs of plain text the outbox delivers (the author told a question went,
or why it could not), each once."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.services import Database
from slack_app.services.outbox import Claimed
from slack_app.slack.history import dm_once


def deliver_tell(client: WebClient, _db: Database, effect: Claimed, _now: datetime) -> None:
    dm_once(
        client,
        str(effect.payload["user_id"]),
        event_type=Metadata.NOTICE,
        key="effect_id",
        value=effect.id,
        in_doubt=effect.may_have_reached_slack,
        text=str(effect.payload["text"]),
    )
