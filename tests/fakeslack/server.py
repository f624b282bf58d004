"""FakeSlack: a real HTTP server speaking Slack's Web API, for the app's own WebClient.

A real socket (not a mocked client) so the app's actual slack-sdk request building, retry
handlers and error handling are exercised; every call is recorded and checked against
Slack's protocol (see protocol.py), and answered from a stateful fake workspace (state.py).
"""

from __future__ import annotations

import threading
import time
import traceback
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from tests.fakeslack.calls import Call, RecordedCalls
from tests.fakeslack.cloning import clone
from tests.fakeslack.common import Ctx, SlackError
from tests.fakeslack.hooks import HOOKS, reply
from tests.fakeslack.methods import HANDLERS
from tests.fakeslack.protocol import check_call, decode_json_args, spec_params
from tests.fakeslack.reads import WorkspaceReads
from tests.fakeslack.state import Workspace
from tests.fakeslack.trouble import Failure, Failures, RateLimits
from tests.fakeslack.wire import SlackServer, first_values, parse_body
from tests.support.clock import Clock

DEFAULT_SCOPES = frozenset(
    {
        "app_mentions:read",
        "channels:history",
        "channels:join",
        "channels:manage",
        "channels:read",
        "chat:write",
        "commands",
        "groups:history",
        "groups:read",
        "groups:write",
        "im:history",
        "im:read",
        "im:write",
        "pins:write",
        "reactions:write",
        "users:read",
    }
)


class FakeSlack(RecordedCalls, WorkspaceReads):
    """Slack's Web API for one workspace with the app installed; use as a context manager."""

    def __init__(
        self,
        bot_token: str | None = "xoxb-test-token",
        *,
        clock: Clock | None = None,
        team_id: str = "T0TEAM0001",
        team_name: str = "Stand Test",
        tag: str = "0FAKE",
    ) -> None:
        """``bot_token`` None: the app is not installed yet (see ``cloud.SlackCloud``)."""
        spec_params()  # fail now, not on the first request, if the spec is missing
        self.bot_token = bot_token
        self.tokens: set[str] = {bot_token} if bot_token else set()  # every token it takes
        self.clock = clock or Clock()  # the test's: message timestamps and dates follow it
        self.workspace = Workspace(
            self.clock.now, self.clock.slack_ts, team_id=team_id, team_name=team_name, tag=tag
        )
        self.served_at: str | None = None  # the URL of the server it answers behind, if not its own
        self.scopes: set[str] = set(DEFAULT_SCOPES)
        self.latency = 0.0  # seconds every answer waits before the call is carried out
        self.latency_after = 0.0  # …and after: done in Slack, the caller not yet told
        self.latency_after_of: dict[str, float] = {}  # …for one method, instead
        self._calls: list[Call] = []
        self._violations: list[str] = []
        self._failures = Failures()
        self.limits = RateLimits()  # .limit(method, per_second): 429 beyond it
        self._cond = threading.Condition()
        self._server: SlackServer | None = None
        self._retry_after = 0  # of the 429 being answered; set and read under workspace.lock

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = SlackServer.serving(self.handle)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self.served_at is not None:
            return self.served_at
        if self._server is None:
            msg = "FakeSlack is not running: use `with FakeSlack() as fake` or call start()"
            raise RuntimeError(msg)
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    # -- workspace -------------------------------------------------------------------------
    @property
    def team_id(self) -> str:
        return self.workspace.team_id

    @property
    def enterprise_id(self) -> str | None:
        return self.workspace.enterprise_id

    @enterprise_id.setter
    def enterprise_id(self, value: str | None) -> None:
        self.workspace.enterprise_id = value

    @property
    def bot_user_id(self) -> str:
        return self.workspace.bot_user_id

    @property
    def bot_id(self) -> str:
        return self.workspace.bot_id

    @property
    def app_id(self) -> str:
        return self.workspace.app_id

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str = "",
        tz: str = "America/Los_Angeles",
        is_bot: bool = False,
        deleted: bool = False,
        dm_channel_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Add a user; `extra` sets any other field of Slack's user object. Their DM with the
        bot is dm_channel_id, or "D" + user_id[1:]."""
        return self.workspace.add_user(
            user_id,
            name=name,
            real_name=real_name,
            tz=tz,
            is_bot=is_bot,
            deleted=deleted,
            dm_channel_id=dm_channel_id,
            **extra,
        )

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        is_private: bool = False,
        is_archived: bool = False,
        members: set[str] | None = None,
        bot_is_member: bool = True,
    ) -> dict[str, Any]:
        """Add a channel, or update one (keeping its messages), e.g. after the app is invited."""
        return self.workspace.add_channel(
            channel_id,
            name=name,
            is_private=is_private,
            is_archived=is_archived,
            members=members,
            bot_is_member=bot_is_member,
        )

    def add_message(
        self,
        channel_id: str,
        *,
        user: str,
        text: str,
        thread_ts: str | None = None,
        ts: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Seed someone's message (e.g. a person's question) for the app to reply to or react
        on; `extra` sets other message fields (blocks, subtype...)."""
        return self.workspace.add_message(
            channel_id, user=user, text=text, thread_ts=thread_ts, ts=ts, **extra
        )

    def expire_trigger(self, trigger_id: str) -> None:
        """Make views.open/views.push with this trigger answer expired_trigger_id."""
        with self.workspace.lock:
            self.workspace.expired_triggers.add(trigger_id)

    def fail_next(
        self, method: str, error: str, *, retry_after: int | None = None, status: int = 200
    ) -> None:
        """Answer the next call to `method` with error (HTTP 429 + Retry-After if retry_after,
        else HTTP ``status``: 500 for Slack's own trouble)."""
        self._failures.add(method, Failure(error, retry_after, status))

    # -- request handling --------------------------------------------------------------------
    def handle(
        self, path: str, query: str, authorization: str | None, content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        """Answer one HTTP request: (status, extra headers, JSON body). Records the call."""
        if path.startswith(HOOKS + "/"):
            return self._reply(path, content_type, body)
        method = path.removeprefix("/api/") if path.startswith("/api/") else path
        args = first_values(parse_qs(query, keep_blank_values=True))
        body_args, body_error = parse_body(content_type, body)
        is_json = content_type.lower().startswith("application/json")
        args.update(body_args)
        token_arg = args.pop("token", None)
        problems: list[str] = []
        token: str | None = token_arg
        if authorization and authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        elif is_json:
            token = None  # Slack reads a JSON call's token only from the Authorization header
            if token_arg is not None:
                problems.append(
                    f"{method}: token in a JSON body (Slack wants the Authorization header)"
                )
        headers = {"x-oauth-scopes": ",".join(sorted(self.scopes))}
        if self.latency:
            time.sleep(self.latency)  # a slow Slack, so a test can stop the app mid-work
        with self.workspace.lock:
            try:
                status, response, found = self._answer(method, path, args, token, body_error)
            except Exception:  # a bug in the fake must still answer and be seen
                status, response = 500, {"ok": False, "error": "fatal_error"}
                found = [f"{method}: fake crashed: {traceback.format_exc()}"]
            if status == 429:
                headers["Retry-After"] = str(self._retry_after)
        with self._cond:
            self._violations.extend(problems + found)
            self._calls.append(
                Call(method, clone(args), clone(response), status, time.monotonic(), token)
            )
            self._cond.notify_all()
        delay = self.latency_after_of.get(method, self.latency_after)
        if delay:
            time.sleep(delay)
        return status, headers, response

    def hooks_url(self, kind: str, channel: str, user: str, n: int) -> str:
        """A ``response_url`` for a command or a press by ``user`` in ``channel``."""
        root = self.url.removesuffix("/api/")
        return f"{root}{HOOKS}/{kind}/{self.team_id}/{channel}/{user}/{n}"

    def install(self, token: str) -> None:
        """The app was installed (again): calls with ``token`` are its; older tokens stop."""
        with self._cond:
            self.bot_token, self.tokens = token, {token}

    def rotate(self, token: str) -> None:
        """A rotated token: the new one works, and so does the old until it expires."""
        with self._cond:
            self.bot_token = token
            self.tokens.add(token)

    def uninstall(self) -> None:
        """The app was uninstalled: no token works any more."""
        with self._cond:
            self.bot_token, self.tokens = None, set()

    def _reply(
        self, path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        """A POST to a ``response_url`` (see ``hooks.py``), recorded as a call."""
        args, problems, answer = reply(self.workspace, path, content_type, body)
        with self._cond:
            self._violations.extend(problems)
            self._calls.append(Call("response_url", clone(args), answer, 200, time.monotonic()))
            self._cond.notify_all()
        return 200, {}, answer

    def _answer(
        self,
        method: str,
        path: str,
        args: dict[str, Any],
        token: str | None,
        body_error: str | None,
    ) -> tuple[int, dict[str, Any], list[str]]:
        known = spec_params()
        if not path.startswith("/api/") or method not in known:
            return (
                200,
                {"ok": False, "error": "unknown_method"},
                [f"{method}: unknown method (not in Slack's spec)"],
            )
        if body_error is not None:
            return (
                200,
                {"ok": False, "error": body_error},
                [f"{method}: unreadable request body ({body_error})"],
            )
        if not token:
            return 200, {"ok": False, "error": "not_authed"}, []
        if token not in self.tokens:
            return 200, {"ok": False, "error": "invalid_auth"}, []
        problems = decode_json_args(method, args)
        problems += check_call(method, args, self.workspace.team_ids)
        found = [p.message for p in problems]
        failure = self._failures.next(method) or self.limits.failure(method)
        if failure is not None:
            if failure.retry_after is not None:
                self._retry_after = failure.retry_after
                return 429, {"ok": False, "error": failure.error}, found
            return failure.status, {"ok": False, "error": failure.error}, found
        fatal = [p for p in problems if p.error is not None]
        if fatal:
            messages = [f"[ERROR] {p.message}" for p in fatal]
            error = {
                "ok": False,
                "error": fatal[0].error,
                "response_metadata": {"messages": messages},
            }
            return 200, error, found
        handler = HANDLERS.get(method)
        if handler is None:
            return 200, {"ok": True}, [*found, f"not implemented in fake: {method}"]
        ctx = Ctx(self.workspace, method, args)
        try:
            response = {"ok": True, **handler(ctx)}
        except SlackError as e:
            response = {"ok": False, "error": e.error, **e.extra}
        return 200, response, found + ctx.violations
