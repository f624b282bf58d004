"""The one error handler: domain errors become a clear message, the rest a logged apology."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from slack_app.domain.errors import DomainError
from slack_app.slack.posting import tell

log = logging.getLogger(__name__)

SORRY = (
    ":warning: Something went wrong on my side while doing that. It has been logged; "
    "please try again in a moment."
)


def _acting_user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id")


def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Tell the person who acted what happened, in their DM with the app.

    Events are not a person's action (opening the Home tab, say), so their failures are
    only logged.
    """
    if isinstance(error, DomainError):
        text = f":no_entry: {error.message}"
    else:
        kind = body.get("type") or body.get("command") or "request"
        log.exception("unexpected error handling %s", kind, exc_info=error)
        text = SORRY
    user = None if body.get("type") == "event_callback" else _acting_user(body)
    if user is None:
        return
    tell(client, user, text, what=f"tell {user} about an error")
