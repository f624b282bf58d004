"""Replies in a check-in's thread, kept as answers; edits and deletions followed."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.services.checkin_answers import change_answer, checkin_at, record_answer
from slack_app.slack.checkin_answers import redraw

# Message subtypes that are a person's own words in a thread; the rest are not answers
# (bots, joins, channel changes…) and are ignored.
PEOPLES = {None, "thread_broadcast", "file_share"}


def handle_message(
    *, event: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace
) -> None:
    """A thread reply becomes an answer to the check-in at the thread's root; an edit or a
    deletion of one is followed. Everything else is ignored, safely."""
    subtype = event.get("subtype")
    channel = event.get("channel", "")
    if subtype in ("message_changed", "message_deleted"):
        _followed(event, client, deps, workspace, deleted=subtype == "message_deleted")
        return
    if subtype not in PEOPLES or event.get("bot_id") or not event.get("user"):
        return  # the app's own posts, other bots, and system messages
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts"):
        return  # not a reply in a thread
    kept = record_answer(
        deps.db,
        workspace,
        channel_id=channel,
        thread_ts=thread_ts,
        user_id=event["user"],
        ts=event["ts"],
        text=event.get("text") or "",
        now=deps.now(),
    )
    if kept:
        checkin, snapshot = checkin_at(deps.db, workspace, channel, thread_ts)
        redraw(client, deps.db, workspace, checkin, snapshot=snapshot, now=deps.now())


def _followed(
    event: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    *,
    deleted: bool,
) -> None:
    channel = event.get("channel", "")
    message = event.get("previous_message" if deleted else "message") or {}
    thread_ts, ts = message.get("thread_ts"), message.get("ts")
    if not thread_ts or not ts or thread_ts == ts:
        return
    text = None if deleted else (message.get("text") or "")
    changed = change_answer(
        deps.db,
        workspace,
        channel_id=channel,
        thread_ts=thread_ts,
        ts=ts,
        text=text,
        now=deps.now(),
    )
    if changed and deleted:  # who has answered may have changed
        checkin, snapshot = checkin_at(deps.db, workspace, channel, thread_ts)
        redraw(client, deps.db, workspace, checkin, snapshot=snapshot, now=deps.now())
