"""Notices: short messages of plain text the outbox delivers, each once: a DM (the author
told a question went, an owner told what they own), or a post in a channel or a thread (a
small win, a schedule changed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

from slack_app.blocks.ids import Metadata
from slack_app.services import Database
from slack_app.services.outbox import Claimed
from slack_app.slack.history import dm_once, find_own_post, find_own_reply, marked


def effect_dm(
    client: WebClient, effect: Claimed, user_id: str, text: str, blocks: Sequence[Block] = ()
) -> None:
    """DM ``user_id`` the message an outbox effect delivers, once: marked with the effect's
    id, and looked for first when an earlier try may have sent it."""
    dm_once(
        client,
        user_id,
        event_type=Metadata.NOTICE,
        key="effect_id",
        value=effect.id,
        in_doubt=effect.may_have_reached_slack,
        text=text,
        blocks=blocks,
    )


def deliver_tell(client: WebClient, _db: Database, effect: Claimed, _now: datetime) -> None:
    payload, in_doubt = effect.payload, effect.may_have_reached_slack
    to, text = str(payload["to"]), str(payload["text"])
    if to.startswith(("U", "W")):
        effect_dm(client, effect, to, text)
        return
    thread_ts = str(payload["thread_ts"]) if "thread_ts" in payload else None
    if in_doubt and _found(client, to, thread_ts, effect.id):
        return
    message: dict[str, Any] = {
        "channel": to,
        "text": text,
        "metadata": marked(Metadata.NOTICE, "effect_id", effect.id),
    }
    if thread_ts is not None:
        message.update(thread_ts=thread_ts, reply_broadcast=bool(payload.get("broadcast")))
    client.chat_postMessage(**message)


def _found(client: WebClient, channel: str, thread_ts: str | None, effect_id: int) -> bool:
    if thread_ts is None:
        found = find_own_post(client, channel, Metadata.NOTICE, "effect_id", effect_id)
    else:
        found = find_own_reply(
            client, channel, thread_ts, event_type=Metadata.NOTICE, key="effect_id", value=effect_id
        )
    return found is not None
