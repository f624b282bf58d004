"""The one error handler: domain errors become a clear message, the rest a logged apology."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import DomainError

log = logging.getLogger(__name__)

SORRY = (
    ":warning: Something went wrong on my side and your last action may not have been "
    "saved. It has been logged; please try again in a moment."
)


def _acting_user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id") or (body.get("event") or {}).get("user")


def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Tell the acting person what happened, in their DM with the app."""
    if isinstance(error, DomainError):
        text = f":no_entry: {error.message}"
    else:
        kind = body.get("type") or body.get("command") or "request"
        log.exception("unexpected error handling %s", kind, exc_info=error)
        text = SORRY
    user = _acting_user(body)
    if user is None:
        return
    try:
        client.chat_postMessage(channel=user, text=text)
    except SlackApiError:
        log.warning("could not tell %s about an error", user)
