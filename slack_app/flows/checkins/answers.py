"""Replies in a check-in's thread, kept as answers; edits and deletions followed (the
check-in redrawn through the outbox)."""

from __future__ import annotations

from typing import Any

from slack_app.flows.request import Request
from slack_app.middleware import REPLAY
from slack_app.services.checkin_answers import answer, change_answer
from slack_app.services.events import first_delivery

# Message subtypes that are a person's own words in a thread; the rest are not answers
# (bots, joins, channel changes…) and are ignored.
PEOPLES = {None, "thread_broadcast", "file_share"}


def handle_message(req: Request, event: dict[str, Any]) -> None:
    """A thread reply becomes an answer to the check-in at the thread's root; an edit or a
    deletion of one is followed. Everything else is ignored, safely, and costs nothing."""
    subtype = event.get("subtype")
    if subtype in ("message_changed", "message_deleted"):
        _followed(req, event, deleted=subtype == "message_deleted")
        return
    if subtype not in PEOPLES or event.get("bot_id") or not event.get("user"):
        return  # the app's own posts, other bots, and system messages
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts") or not _first_delivery(req):
        return  # not a reply in a thread, or Slack's retry of one handled already
    answer(
        req.uow,
        channel_id=event.get("channel", ""),
        thread_ts=thread_ts,
        user_id=event["user"],
        ts=event["ts"],
        text=event.get("text") or "",
        now=req.now(),
    )


def _followed(req: Request, event: dict[str, Any], *, deleted: bool) -> None:
    message = event.get("previous_message" if deleted else "message") or {}
    thread_ts, ts = message.get("thread_ts"), message.get("ts")
    if not thread_ts or not ts or thread_ts == ts or not _first_delivery(req):
        return
    change_answer(
        req.uow,
        channel_id=event.get("channel", ""),
        thread_ts=thread_ts,
        ts=ts,
        text=None if deleted else (message.get("text") or ""),
        now=req.now(),
    )


def _first_delivery(req: Request) -> bool:
    """The middleware leaves message events to this listener (see ``CLAIMED_BY_LISTENER``):
    the delivery is claimed here, in the request's unit of work, once it matters. A replay
    of one kept after its work failed is its first delivery that got as far as the work."""
    event_id = req.body.get("event_id")
    if not event_id or req.context.get(REPLAY):
        return True
    return first_delivery(req.uow, str(event_id), now=req.now())
