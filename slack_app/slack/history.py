"""Finding the app's own post in a conversation by its metadata: after a failure that
leaves it unknown whether a post reached Slack (a timeout, a process killed mid-post),
the post is looked for before it is made again."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from slack_app.slack.errors import error_code

log = logging.getLogger(__name__)
PAGES = 5  # of 200 messages, newest first: a post in doubt is recent
# Refusals that mean the app cannot have posted there (it is not in the channel, the
# person is gone), or cannot look (an install without the scope yet): not found, so the
# post is made, and a refusal of it explained as any other.
CANNOT_LOOK = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "missing_scope",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "thread_not_found",
    }
)


def marked(event_type: str, key: str, value: int | str) -> dict[str, Any]:
    """The metadata that makes a post the app's own, found again by ``find_own_post`` and
    its kin: ``event_type``, with ``key`` = ``value`` in its payload."""
    return {"event_type": event_type, "event_payload": {key: value}}


def find_own_post(
    client: WebClient, channel: str, event_type: str, key: str, value: int | str
) -> str | None:
    """The ts of the newest message in ``channel`` whose metadata is ``event_type`` with
    ``key`` = ``value`` in its payload, if there is one in the last ``PAGES`` pages."""

    def page(cursor: str | None) -> Any:
        return client.conversations_history(
            channel=channel, include_all_metadata=True, limit=200, cursor=cursor
        )

    return _first_match(page, channel, event_type, key, value)


def find_own_reply(
    client: WebClient, channel: str, thread_ts: str, *, event_type: str, key: str, value: int
) -> str | None:
    """As ``find_own_post``, among the replies in ``thread_ts``'s thread (a channel's
    history shows a thread's parent only)."""

    def page(cursor: str | None) -> Any:
        return client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
        )

    return _first_match(page, channel, event_type, key, value)


def _first_match(
    page: Callable[[str | None], Any], where: str, event_type: str, key: str, value: int | str
) -> str | None:
    cursor = None
    for _ in range(PAGES):
        try:
            found = page(cursor)
        except SlackApiError as error:
            _cannot_look(error, where)
            return None
        for message in found.get("messages") or []:
            meta = message.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if meta.get("event_type") == event_type and payload.get(key) == value:
                return str(message["ts"])
        cursor = (found.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def find_own_dm(
    client: WebClient, user_id: str, event_type: str, key: str, value: int | str
) -> tuple[str, str | None]:
    """The DM channel with ``user_id``, and the ts of the app's post there as above."""
    try:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
    except SlackApiError as error:
        _cannot_look(error, user_id)
        return user_id, None
    return channel, find_own_post(client, channel, event_type, key, value)


def dm_once(
    client: WebClient,
    user_id: str,
    *,
    event_type: str,
    key: str,
    value: int | str,
    in_doubt: bool,
    text: str,
    blocks: Sequence[Block] = (),
) -> None:
    """DM ``user_id``, marked with metadata (``key`` = ``value``), unless an earlier try,
    ``in_doubt``, is found to have sent it. Slack's refusals are raised, for the caller
    (the outbox) to try again or give up."""
    if in_doubt and find_own_dm(client, user_id, event_type, key, value)[1] is not None:
        return
    metadata = marked(event_type, key, value)
    if blocks:
        client.chat_postMessage(channel=user_id, text=text, blocks=list(blocks), metadata=metadata)
    else:
        client.chat_postMessage(channel=user_id, text=text, metadata=metadata)


def _cannot_look(error: SlackApiError, where: str) -> None:
    """Log why the app cannot look in ``where``; raise when a later try might."""
    code = error_code(error)
    if code not in CANNOT_LOOK:
        raise error  # Slack's own trouble: the delivery is tried again later
    log.info("could not look for an earlier post in %s (%s): taken as not made", where, code)
