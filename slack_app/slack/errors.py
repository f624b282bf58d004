"""Slack's error codes, said in words a person understands."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import BrokenInvariant, DomainError

log = logging.getLogger(__name__)

MESSAGES = {
    "channel_not_found": "I can't see <#{channel}>. If it is private, invite me with "
    "`/invite @Stand` in that channel, then try again.",
    "not_in_channel": "I'm not a member of <#{channel}>. Invite me with `/invite @Stand` "
    "in that channel, then try again.",
    "is_archived": "<#{channel}> is archived, so nothing can be posted there. "
    "Pick another channel.",
    "ratelimited": "Slack is busy right now and asked me to slow down. Try again in a minute.",
    "user_not_found": "I can't find that person in this workspace.",
    "restricted_action": "This workspace doesn't let me post in <#{channel}>.",
    "msg_too_long": "That message is too long for Slack.",
}


def best_effort(what: str, step: Callable[[], object]) -> None:
    """Run a Slack call whose failure must not undo (or misreport) work already saved."""
    try:
        step()
    except SlackApiError as error:
        log.warning("could not %s: %s", what, error_code(error))
    except OSError as error:  # no route to Slack, or a timeout: one line, no traceback
        log.warning("could not %s: Slack unreachable (%s)", what, type(error).__name__)


def unless_passing(what: str, step: Callable[[], object]) -> None:
    """Run a Slack call of an outbox delivery whose refusal is only logged (a message
    deleted, a person gone), so that the rest of the delivery goes on; Slack's passing
    trouble is raised, for the whole delivery to be tried again."""
    try:
        step()
    except SlackApiError as error:
        if failure_of(error).transient:
            raise
        log.warning("could not %s: %s", what, error_code(error))


def error_code(error: SlackApiError) -> str:
    data = getattr(error.response, "data", None)
    return str(data.get("error", "unknown_error")) if isinstance(data, dict) else "unknown_error"


def explain(code: str, *, channel: str = "") -> str:
    """A clear sentence for ``code``; Slack's own code when there is no better one."""
    template = MESSAGES.get(code)
    if template is None:
        return f"Slack refused the request ({code}). Try again, or ask your Slack admin."
    return template.format(channel=channel)


# Slack's answers that a later try may not get: its own trouble, or being asked to slow down.
TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a Slack call failed, and whether trying again later may succeed."""

    code: str
    transient: bool
    retry_after: float | None = None  # seconds Slack asked us to wait


class NotInstalled(Exception):
    """Stand has no installation (so no token) for the workspace a piece of work is for:
    not yet installed again (moving to OAuth installs), or gone (its data is deleted at the
    tick, this work with it)."""

    code = "not_installed"


def failure_of(error: BaseException) -> Failure:
    """Slack's refusals are final, but for its own trouble (5xx, ``internal_error``) and
    ``ratelimited`` (after its Retry-After); a dropped connection or a timeout, and any
    other error on our side (a locked database), may pass."""
    if isinstance(error, DomainError | BrokenInvariant):  # gone, never may be, or a bug
        return Failure(type(error).__name__, transient=False)
    if isinstance(error, NotInstalled):  # not yet (re)installed: tried again later; once
        return Failure(error.code, transient=True)  # it has left, its effects are deleted
    if not isinstance(error, SlackApiError):
        return Failure(type(error).__name__, transient=True)
    code, status = error_code(error), getattr(error.response, "status_code", 200)
    headers = getattr(error.response, "headers", None) or {}
    wait = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        retry_after = float(wait[0] if isinstance(wait, list) else wait) if wait else None
    except ValueError:
        retry_after = None
    transient = status == 429 or status >= 500 or code in TRANSIENT
    return Failure(code, transient, retry_after)
