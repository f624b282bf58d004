"""Replies in a check-in's thread, kept as answers; edits and deletions followed (the
check-in redrawn through the outbox). The middleware keeps each such delivery until its
work commits (``domain/events.py``), and recognises Slack's retries of it."""

from __future__ import annotations

from typing import Any

from slack_app.domain.events import changed_in_thread, is_thread_reply
from slack_app.flows.request import Request
from slack_app.services.checkin_answers import answer, change_answer


def handle_message(req: Request, event: dict[str, Any]) -> None:
    """A thread reply becomes an answer to the check-in at the thread's root; an edit or a
    deletion of one is followed. Everything else is ignored, safely, and costs nothing."""
    changed = changed_in_thread(event)
    if changed is not None:
        deleted = event.get("subtype") == "message_deleted"
        change_answer(
            req.uow,
            channel_id=event.get("channel", ""),
            thread_ts=str(changed["thread_ts"]),
            ts=str(changed["ts"]),
            text=None if deleted else str(changed.get("text") or ""),
            now=req.now(),
        )
        return
    if not is_thread_reply(event):
        return  # the app's own posts, other bots, system messages, and no reply in a thread
    answer(
        req.uow,
        channel_id=event.get("channel", ""),
        thread_ts=event["thread_ts"],
        user_id=event["user"],
        ts=event["ts"],
        text=event.get("text") or "",
        now=req.now(),
    )
