"""Posting the way a careful person would: join public channels, explain the rest, and say
whom a DM could not reach, and why."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from slack_app.slack.errors import best_effort, error_code, explain, failure_of

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Posted:
    """The outcome of a post: its ``ts``, or a sentence saying why it could not be made."""

    channel: str  # a DM's own channel once posted; whom a refused DM was for
    ts: str | None = None
    problem: str | None = None


def post_in_channel(
    client: WebClient,
    *,
    channel: str,
    text: str,
    blocks: list[Block],
    metadata: dict[str, Any] | None = None,
    retry_later: bool = False,
) -> Posted:
    """Post a message; on ``not_in_channel`` join the (public) channel and post once more.
    With ``retry_later`` (the outbox's deliveries), a failure a later try may cure is
    raised, to be tried again, rather than explained."""
    payload: dict[str, Any] = {"channel": channel, "text": text, "blocks": blocks}
    if metadata is not None:
        payload["metadata"] = metadata
    try:
        return Posted(channel, ts=client.chat_postMessage(**payload)["ts"])
    except SlackApiError as error:
        _raise_if_retried(error, retry_later)
        code = error_code(error)
        if code != "not_in_channel":
            log.info("could not post in %s: %s", channel, code)
            return Posted(channel, problem=explain(code, channel=channel))
    try:
        client.conversations_join(channel=channel)
        return Posted(channel, ts=client.chat_postMessage(**payload)["ts"])
    except SlackApiError as error:
        _raise_if_retried(error, retry_later)
        code = error_code(error)
        log.info("could not join or post in %s: %s", channel, code)
        if code == "method_not_supported_for_channel_type":
            code = "channel_not_found"  # a private channel: only an invitation lets the bot in
        return Posted(channel, problem=explain(code, channel=channel))


def send_dm(
    client: WebClient,
    user_id: str,
    *,
    what: str,
    text: str,
    blocks: list[Block],
    metadata: dict[str, Any] | None = None,
    retry_later: bool = False,
) -> Posted:
    """DM ``user_id`` the ``what`` (the question, the request): where it went, or a sentence
    for whoever sent it. Recording where it went is the caller's (slack/ knows no store)."""
    payload: dict[str, Any] = {"channel": user_id, "text": text, "blocks": blocks}
    if metadata is not None:
        payload["metadata"] = metadata
    try:
        response = client.chat_postMessage(**payload)
    except SlackApiError as error:
        _raise_if_retried(error, retry_later)
        code = error_code(error)
        log.info("could not send the %s to %s: %s", what, user_id, code)
        return Posted(
            user_id, problem=f"I couldn't send the {what} to <@{user_id}>: {explain(code)}"
        )
    return Posted(response["channel"], ts=response["ts"])


def tell(client: WebClient, channel: str, text: str, *, what: str) -> None:
    """Post plain ``text`` (a DM, when ``channel`` is a person) about work already saved: a
    failure must not undo or misreport it, so it is logged as "could not <what>"."""
    best_effort(what, lambda: client.chat_postMessage(channel=channel, text=text))


def _raise_if_retried(error: SlackApiError, retry_later: bool) -> None:
    if retry_later and failure_of(error).transient:
        raise error
