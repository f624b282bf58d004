"""The one error handler: domain errors become a clear message, the rest a logged apology,
told where the person acted."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import DomainError
from slack_app.slack.errors import error_code
from slack_app.slack.posting import tell
from slack_app.slack.replies import reply_where_acted

log = logging.getLogger(__name__)

SORRY = (
    ":warning: Something went wrong on my side while doing that. It has been logged; "
    "please try again in a moment."
)
UNREACHABLE = (
    ":warning: Slack did not answer me just now, so I couldn't finish that. "
    "Please try again in a moment."
)


def _acting_user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id")


def _kind(body: dict[str, Any]) -> str:
    return str(body.get("type") or body.get("command") or "request")[:40]


def words_for(error: Exception, body: dict[str, Any]) -> str:
    """What the person is told about ``error``; a failure of ours is logged here, once."""
    if isinstance(error, DomainError):
        return f":no_entry: {error.message}"
    if isinstance(error, OSError):  # no route to Slack, or a timeout: no traceback to read
        log.warning("Slack unreachable while handling %s: %s", _kind(body), type(error).__name__)
        return UNREACHABLE
    if isinstance(error, SlackApiError):  # Slack's refusal (of a forged trigger, say): a line
        log.warning("Slack refused a call handling %s: %s", _kind(body), error_code(error))
        return SORRY
    log.exception("unexpected error handling %s", _kind(body), exc_info=error)
    return SORRY


def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Tell the person who acted what happened: where they acted (an ephemeral reply to a
    command or a message's button), else in their DM with the app.

    Events are not a person's action (opening the Home tab, say), so their failures are
    only logged; and when Slack is unreachable, telling would fail too.
    """
    text = words_for(error, body)
    user = None if body.get("type") == "event_callback" else _acting_user(body)
    if user is None or isinstance(error, OSError):
        return
    if reply_where_acted(client, body, text):
        return
    tell(client, user, text, what=f"tell {user} about an error")
