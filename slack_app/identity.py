"""Who the app is in Slack, asked once at start-up (``auth.test``), and which requests that
lets it serve: in single-workspace mode, only its own workspace (or its own Enterprise Grid
org, when installed org-wide).

The question is never asked on a request's path: a slow Slack would make that request's ack
late. When Slack does not answer at start-up, ``serve`` starts anyway and asks again in the
background; until it is answered, a request is refused politely rather than served blind.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.slack.errors import error_code, failure_of
from slack_app.slack.replies import first_input_block

log = logging.getLogger(__name__)
QUICK_SECONDS = 3  # auth.test at start-up: long enough for a slow Slack, short for a dead one
RETRY_FIRST, RETRY_MOST = 1.0, 60.0  # the background's backoff, doubling in between
SLACK_ID = re.compile(r"[A-Z0-9]{2,32}")
# Requests Bolt answers with no workspace at all (Slack checking the URL).
UNAUTHORIZED_TYPES = frozenset({"url_verification", "ssl_check"})
OTHER_WORKSPACE = ":no_entry: Stand is not installed in this workspace, so it did nothing."
NOT_CONNECTED = ":hourglass: Stand is still connecting to Slack. Please try again in a minute."
NOT_SERVING = (
    ":no_entry: Slack refuses Stand's token, so Stand cannot act here now. Please tell whoever "
    "runs it: the reason is in its log."
)


class TokenRefused(Exception):
    """Slack answered, and refuses the token (no retry can change that)."""


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """``auth.test``'s answer for the bot token."""

    team_id: str | None
    enterprise_id: str | None
    bot_user_id: str | None
    bot_id: str | None
    org_wide: bool = False

    def serves(self, team_id: str | None, enterprise_id: str | None) -> bool:
        """Whether a request naming this workspace and org is this token's to serve."""
        if self.org_wide:
            return enterprise_id is not None and enterprise_id == self.enterprise_id
        if team_id is None or team_id != self.team_id:
            return False
        return enterprise_id is None or enterprise_id == self.enterprise_id


class Identity:
    """The bot's identity, once Slack has told it; shared by every request."""

    def __init__(
        self,
        client: WebClient,
        *,
        timeout: int = QUICK_SECONDS,
        retry_first: float = RETRY_FIRST,
        known: BotIdentity | None = None,
    ) -> None:
        self._client = WebClient(
            token=client.token, base_url=client.base_url, timeout=timeout, retry_handlers=[]
        )
        self._retry_first = retry_first
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.known = known
        self.refused = False  # Slack refused the token on a later ask: no retry will help

    def ask(self) -> BotIdentity | None:
        """Ask Slack once. ``TokenRefused`` when it refuses the token; None (logged in a
        line) when it does not answer as it should."""
        try:
            answer = self._client.auth_test()
        except SlackApiError as error:
            if failure_of(error).transient:
                log.warning("Slack did not confirm the bot token yet: %s", error_code(error))
                return None
            raise TokenRefused(error_code(error)) from error
        except OSError as error:  # a timeout, no route, a refused connection
            log.warning("Slack did not answer auth.test: %s", type(error).__name__)
            return None
        self.known = BotIdentity(
            team_id=answer.get("team_id"),
            enterprise_id=answer.get("enterprise_id"),
            bot_user_id=answer.get("user_id"),
            bot_id=answer.get("bot_id"),
            org_wide=bool(answer.get("is_enterprise_install")),
        )
        return self.known

    def connect(self) -> Identity:
        """Ask at start-up; when Slack does not answer, keep asking in the background (with
        a growing pause) while the app serves. ``TokenRefused`` only from this first ask."""
        if self.known is None and self.ask() is None:
            self._thread = threading.Thread(target=self._keep_asking, daemon=True, name="auth")
            self._thread.start()
        return self

    def _keep_asking(self) -> None:
        pause = self._retry_first
        while not self._stop.wait(pause):
            try:
                if self.ask() is not None:
                    log.info("Slack confirmed the bot token; serving requests")
                    return
            except TokenRefused as refused:
                log.error("Slack refuses SLACK_BOT_TOKEN (%s); requests are refused", refused)
                self.refused = True
                return
            pause = min(pause * 2, RETRY_MOST)

    def stop(self) -> None:
        self._stop.set()

    def authorize(self) -> Callable[..., AuthorizeResult]:
        """Bolt's ``authorize``: the token and the bot's ids, from what Slack said at
        start-up (``admit`` has already refused any request this token does not serve)."""
        token = self._client.token

        def authorize(context: BoltContext) -> AuthorizeResult:
            known = self.known or BotIdentity(None, None, None, None)
            return AuthorizeResult(
                enterprise_id=context.enterprise_id,
                team_id=context.team_id,
                bot_user_id=known.bot_user_id,
                bot_id=known.bot_id,
                bot_token=token,
            )

        return authorize

    def admit(self) -> Callable[..., BoltResponse | None]:
        """Bolt's ``before_authorize`` middleware: a request from a workspace (or org) this
        token does not serve, or one that comes before Slack has confirmed the token, is
        answered here, without a Web API call and before anything is stored."""

        def before_authorize(
            body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
        ) -> BoltResponse | None:
            if body.get("type") in UNAUTHORIZED_TYPES:
                return next()
            known = self.known
            if known is None:
                log.warning("refused a request: Slack has not confirmed the bot token yet")
                said = NOT_SERVING if self.refused else NOT_CONNECTED
                return refusal(body, said, unready=not self.refused)
            if not known.serves(context.team_id, context.enterprise_id):
                log.warning(
                    "refused a request from workspace %s (org %s): not this token's",
                    loggable(context.team_id),
                    loggable(context.enterprise_id),
                )
                return refusal(body, OTHER_WORKSPACE)
            return next()

        return before_authorize


def refusal(body: dict[str, Any], text: str, *, unready: bool = False) -> BoltResponse:
    """A slash command's answer shows where it was typed (with no Web API call); an event
    that came too early is asked again later by Slack (its retries); the rest are acked."""
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    block_id = first_input_block(body) if body.get("type") == "view_submission" else None
    if block_id is not None:  # the modal stays open, with what was typed
        return BoltResponse(
            status=200, body={"response_action": "errors", "errors": {block_id: text}}
        )
    if unready and body.get("type") == "event_callback":
        return BoltResponse(status=503, body="")
    return BoltResponse(status=200, body="")


def loggable(value: object) -> str:
    """An id from a request, only when it looks like one (the log gets nothing else)."""
    if value is None:
        return "none"
    return value if isinstance(value, str) and SLACK_ID.fullmatch(value) else "malformed"
