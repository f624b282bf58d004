"""Answering a person where they acted: through the ``response_url`` Slack sends with a slash
command or a press on a message, as an ephemeral reply only they see, in that conversation.

A DM is the last resort (a press on the Home tab or in a modal has no such place).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

log = logging.getLogger(__name__)
SLACK_HOOKS = "hooks.slack.com"
REPLY_TIMEOUT_SECONDS = 5


def response_url_of(body: dict[str, Any]) -> str | None:
    """Where a reply to this command or message press goes; None for anything else (a
    modal's submission is answered in the modal)."""
    if body.get("type") == "view_submission":
        return None
    url = body.get("response_url")
    return url if isinstance(url, str) and url else None


def trusted(url: str, client: WebClient) -> bool:
    """Only Slack's own hooks (or the Slack the app is pointed at, a test's fake) are sent
    to: a response_url is a place the app POSTs to, so it must not be anyone's URL."""
    parts = urlsplit(url)
    ours = urlsplit(client.base_url)
    if parts.scheme == "https" and parts.hostname == SLACK_HOOKS:
        return True
    return (parts.scheme, parts.netloc) == (ours.scheme, ours.netloc)


def reply_where_acted(client: WebClient, body: dict[str, Any], text: str) -> bool:
    """Reply ``text`` to the person, where they acted; False when there is no such place,
    or Slack did not take it (the caller then falls back to a DM)."""
    url = response_url_of(body)
    if url is None or not trusted(url, client):
        return False
    hook = WebhookClient(url, timeout=REPLY_TIMEOUT_SECONDS)
    try:
        answer = hook.send(text=text, response_type="ephemeral", replace_original=False)
    except OSError as error:
        log.warning("could not reply where the person acted: %s", type(error).__name__)
        return False
    if answer.status_code != 200:
        log.info("could not reply where the person acted: HTTP %s", answer.status_code)
        return False
    return True


def first_input_block(body: dict[str, Any]) -> str | None:
    """Where a submitted modal shows an error that is about no one field: its first input."""
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
