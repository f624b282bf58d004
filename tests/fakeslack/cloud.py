"""Slack for many workspaces: one HTTP server in front of several fake workspaces.

Each workspace is a ``FakeSlack`` (its own people, channels, messages and record of calls);
a Web API call goes to the workspace its token was issued for, so a call made with the
wrong workspace's token lands in the wrong workspace and fails there as in Slack. The
cloud also plays Slack's side of the OAuth v2 install: the page where a person approves
the install (``/oauth/v2/authorize``, which sends the browser back to the app with a
code) and ``oauth.v2.access`` (the code, or a refresh token, exchanged for a bot token).
An org (Enterprise Grid) installed org-wide is one ``FakeSlack`` answering for each of its
workspaces, with one token.
"""

from __future__ import annotations

import base64
import itertools
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlencode

from tests.fakeslack.calls import Call
from tests.fakeslack.cloning import clone
from tests.fakeslack.hooks import HOOKS
from tests.fakeslack.protocol import check_call
from tests.fakeslack.server import DEFAULT_SCOPES, FakeSlack
from tests.fakeslack.wire import SlackServer, first_values, parse_body
from tests.support.clock import Clock

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "c1e2n3t4s5e6c7r8e9t0abcdef123456"
AUTHORIZE = "/oauth/v2/authorize"
_numbers = itertools.count(1)


@dataclass
class Grant:
    """A code Slack handed the browser: who approved, for which workspace or org."""

    fake: FakeSlack
    installer: str
    scopes: list[str]
    redirect_uri: str | None


class SlackCloud:
    """Slack's Web API and OAuth pages for every workspace a test adds; a context manager."""

    def __init__(self, clock: Clock, *, rotating: bool = False) -> None:
        self.clock = clock
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.redirect_url = ""  # the app's configured Redirect URL (set once it listens)
        self.rotating = rotating  # tokens expire and come with a refresh token
        self.expires_in = 43_200  # seconds a rotating token lasts (Slack's twelve hours)
        self.workspaces: dict[str, FakeSlack] = {}  # by team id (or org id, org-wide)
        self.calls: list[Call] = []  # the OAuth calls, which no workspace's token makes
        self.strays: list[
            str
        ] = []  # calls whose token no workspace knows (never issued, or revoked)
        self.issued: dict[str, list[str]] = {}  # the bot tokens issued for each workspace or org
        self.violations: list[str] = []
        self._grants: dict[str, Grant] = {}
        self._refresh: dict[str, FakeSlack] = {}
        self._lock = threading.Lock()
        self._server: SlackServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> SlackCloud:
        self._server = SlackServer.serving(self.handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.close()

    @property
    def root(self) -> str:
        if self._server is None:
            raise RuntimeError("SlackCloud is not running: use `with SlackCloud(clock) as cloud`")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.root + "/api/"

    # -- workspaces --------------------------------------------------------------------------
    def add_workspace(self, team_id: str, *, name: str, tag: str) -> FakeSlack:
        """A workspace where the app is not installed yet."""
        fake = FakeSlack(None, clock=self.clock, team_id=team_id, team_name=name, tag=tag)
        fake.served_at = self.url
        self.workspaces[team_id] = fake
        return fake

    def add_org(self, enterprise_id: str, teams: dict[str, str], *, tag: str) -> FakeSlack:
        """An Enterprise Grid org of ``teams`` (id: name), as its org-wide install sees it:
        one state, one token, every workspace of the org."""
        first = next(iter(teams))
        fake = self.add_workspace(first, name=teams[first], tag=tag)
        fake.enterprise_id = enterprise_id
        fake.workspace.org_wide = True
        fake.workspace.team_ids = set(teams)
        self.workspaces[enterprise_id] = fake
        return fake

    # -- requests ------------------------------------------------------------------------------
    def handle(
        self, path: str, query: str, authorization: str | None, content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        if path == AUTHORIZE:
            return self._authorize(first_values(parse_qs(query, keep_blank_values=True)))
        if path == "/api/oauth.v2.access":
            return self._access(query, authorization, content_type, body)
        if path.startswith(HOOKS + "/"):
            team = path.split("/")[3] if path.count("/") >= 3 else ""
            fake = self._of_team(team)
            if fake is not None:
                return fake.handle(path, query, authorization, content_type, body)
            return 404, {}, {"ok": False, "error": "no_such_hook"}
        token = _bearer(authorization) or first_values(parse_qs(query)).get("token")
        if token is None and content_type.startswith("application/x-www-form-urlencoded"):
            token = parse_body(content_type, body)[0].get("token")
        owner = next((f for f in self._fakes() if token in f.tokens), None)
        if owner is None:  # any fake answers: not_authed / invalid_auth
            with self._lock:
                self.strays.append(path)
            stranger = FakeSlack(None, clock=self.clock)
            return stranger.handle(path, query, authorization, content_type, body)
        return owner.handle(path, query, authorization, content_type, body)

    def _fakes(self) -> list[FakeSlack]:
        return list({id(f): f for f in self.workspaces.values()}.values())

    def _of_team(self, team_id: str) -> FakeSlack | None:
        return next((f for f in self._fakes() if team_id in f.workspace.team_ids), None)

    def _authorize(self, args: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        """The person approves the install on Slack's page: they pick the workspace (or the
        org, for an org-wide install) with ``team``, as on Slack's own page."""
        if args.get("client_id") != self.client_id:
            return 400, {}, {"ok": False, "error": "invalid_client_id"}
        fake = self.workspaces.get(str(args.get("team", "")))
        if fake is None:
            return 400, {}, {"ok": False, "error": "invalid_team"}
        code = f"{next(_numbers)}.{int(time.monotonic() * 1000)}.code"
        scopes = [s for s in str(args.get("scope", "")).split(",") if s]
        installer = str(args.get("installer", "U0INSTALL1"))
        redirect = args.get("redirect_uri")
        with self._lock:
            self._grants[code] = Grant(fake, installer, scopes, redirect)
        back = redirect or self.redirect_url
        query = urlencode({"code": code, "state": args.get("state", "")})
        return 302, {"Location": f"{back}?{query}"}, {"ok": True}

    def _access(
        self, query: str, authorization: str | None, content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        args = first_values(parse_qs(query))
        args.update(parse_body(content_type, body)[0])
        client_id, secret = _basic(authorization) or (
            args.get("client_id"),
            args.get("client_secret"),
        )
        args.pop("client_secret", None)
        problems = [p.message for p in check_call("oauth.v2.access", args, set())]
        response = self._exchange(args, client_id, secret)
        with self._lock:
            self.violations.extend(problems)
            self.calls.append(Call("oauth.v2.access", clone(args), clone(response), 200, 0.0))
        return 200, {}, response

    def _exchange(self, args: dict[str, Any], client_id: Any, secret: Any) -> dict[str, Any]:
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        if args.get("grant_type") == "refresh_token":
            return self._refreshed(str(args.get("refresh_token", "")))
        with self._lock:
            grant = self._grants.pop(str(args.get("code", "")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        if grant.redirect_uri is not None and args.get("redirect_uri") != grant.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        token = self._issue(grant.fake, install=True)
        return {"ok": True, **self._installation(grant, token)}

    def _issue(self, fake: FakeSlack, *, install: bool) -> dict[str, Any]:
        number = next(_numbers)
        token = f"xoxb-{fake.team_id}-{number}-{'r' if self.rotating else 's'}token"
        with self._lock:
            self.issued.setdefault(fake.team_id, []).append(token)
        if install:
            fake.install(token)
        else:
            fake.rotate(token)
        issued: dict[str, Any] = {"access_token": token}
        if self.rotating:
            refresh = f"xoxe-1-{fake.team_id}-{number}-refresh"
            with self._lock:
                self._refresh[refresh] = fake
            issued.update(refresh_token=refresh, expires_in=self.expires_in)
        return issued

    def _refreshed(self, refresh_token: str) -> dict[str, Any]:
        with self._lock:
            fake = self._refresh.pop(refresh_token, None)
        if fake is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        return {"ok": True, "token_type": "bot", **self._issue(fake, install=False)}

    def _installation(self, grant: Grant, issued: dict[str, Any]) -> dict[str, Any]:
        ws, org_wide = grant.fake.workspace, grant.fake.workspace.org_wide
        return {
            **issued,
            "token_type": "bot",
            "scope": ",".join(grant.scopes or sorted(DEFAULT_SCOPES)),
            "bot_user_id": ws.bot_user_id,
            "app_id": ws.app_id,
            "team": None if org_wide else {"id": ws.team_id, "name": ws.team_name},
            "enterprise": None
            if ws.enterprise_id is None
            else {"id": ws.enterprise_id, "name": f"{ws.team_name} org"},
            "is_enterprise_install": org_wide,
            "authed_user": {"id": grant.installer},
        }

    def granted(self, fake: FakeSlack) -> str:
        """A bot token issued for ``fake`` as an install would (a test that seeds the
        installation itself, without a browser)."""
        return str(self.grant(fake)["access_token"])

    def grant(self, fake: FakeSlack) -> dict[str, Any]:
        """The token, and when rotating its refresh token and lifetime, as an install."""
        return self._issue(fake, install=True)

    # -- uninstalling --------------------------------------------------------------------------
    def uninstall(self, fake: FakeSlack) -> None:
        """Someone removed the app from the workspace (or org): its tokens stop working."""
        fake.uninstall()
        with self._lock:
            for refresh in [r for r, f in self._refresh.items() if f is fake]:
                del self._refresh[refresh]


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.startswith("Bearer "):
        return authorization.removeprefix("Bearer ").strip()
    return None


def _basic(authorization: str | None) -> tuple[str, str] | None:
    if not authorization or not authorization.startswith("Basic "):
        return None
    decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
    client_id, _, secret = decoded.partition(":")
    return client_id, secret
