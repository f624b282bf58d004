"""Requests the way Slack sends them: signed, with Slack's fields, to POST /slack/events.

Payload shapes come from Slack's example payloads (kept in tests/slack_spec/payloads), so
the tests speak the real protocol rather than what the app happens to read.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import ssl
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.support.clock import transport_time

PAYLOADS = Path(__file__).resolve().parents[1] / "slack_spec" / "payloads"
_counter = itertools.count(1)
# The app under test listens on plain HTTP; one TLS context for every client, since
# loading the certificate store for each would cost a test 60 ms.
_TLS = ssl.create_default_context()


def example(name: str) -> dict[str, Any]:
    """One of Slack's example payloads, as a fresh dict."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text())
    return data


def sign(secret: str, body: bytes, timestamp: int) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    """Sends signed requests to the app under test, as workspace ``team_id``."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        team_id: str,
        app_id: str,
        now: Callable[[], datetime],
        slack_ts: Callable[[], str] | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret
        self.team_id = team_id
        self.enterprise_id: str | None = None
        self.org_wide = False  # Stand installed org-wide in ``enterprise_id``
        self.app_id = app_id
        self.now = now  # the test's clock: event times…
        # …and action timestamps, from the clock's one Slack sequence when given.
        self.slack_ts = slack_ts or (lambda: f"{self.now().timestamp():.6f}")
        self.http = httpx.Client(timeout=10, verify=_TLS)
        # Set to the app's, when in-process (its argument: how long to wait, in seconds).
        self.wait_idle: Callable[..., None] = lambda timeout=10.0: None
        # The app's outbox, told to look for what fell due (the test moved the clock).
        self.deliver_due: Callable[[], None] = lambda: None
        # Where a command's or a press's response_url points (kind, channel, user, n).
        self.hooks_url: Callable[[str, str, str, int], str] = lambda kind, channel, user, n: (
            f"https://hooks.slack.com/{kind}/{team_id}/{n}/x"
        )

    def close(self) -> None:
        self.http.close()

    def seconds(self) -> int:
        return int(self.now().timestamp())

    # -- transport -------------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | dict[str, bytes] | None = None,
    ) -> httpx.Response:
        ts = transport_time() if timestamp is None else timestamp
        sent: dict[str, str | bytes] = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature
            if signature is not None
            else sign(self.secret, body, ts),
            **(headers or {}),
        }
        as_bytes = {k.encode(): v if isinstance(v, bytes) else v.encode() for k, v in sent.items()}
        return self.http.post(self.url, content=body, headers=as_bytes)

    def post_form(self, fields: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    def post_json(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.post(json.dumps(payload).encode(), "application/json", **kwargs)

    def post_interaction(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.post_form({"payload": json.dumps(payload)}, **kwargs)

    # -- slash commands --------------------------------------------------------------------
    def command_fields(self, command: str, text: str, *, user: str, channel: str) -> dict[str, str]:
        fields: dict[str, str] = example("slash_command_fields.json")
        n = next(_counter)
        fields.update(
            team_id=self.team_id,
            channel_id=channel,
            user_id=user,
            user_name=user.lower(),
            command=command,
            text=text,
            api_app_id=self.app_id,
            trigger_id=f"{n}.{n}.trigger{n:06d}",
            response_url=self.hooks_url("commands", channel, user, n),
        )
        if self.enterprise_id is None:
            fields.pop("enterprise_id", None)
            fields.pop("enterprise_name", None)
        else:
            fields["enterprise_id"] = self.enterprise_id
        fields["is_enterprise_install"] = "true" if self.org_wide else "false"
        return fields

    def command(
        self, text: str = "", *, user: str, channel: str = "C0GENERAL1", command: str = "/stand"
    ) -> httpx.Response:
        return self.post_form(self.command_fields(command, text, user=user, channel=channel))

    # -- interactivity ---------------------------------------------------------------------
    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": "example"}

    def _user(self, user: str) -> dict[str, Any]:
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team_id}

    def view_submission(
        self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str
    ) -> httpx.Response:
        """Submit ``view`` (as the app opened it) with ``values`` as its state. Its ``id``
        and ``hash`` are Slack's, when the test kept them: a resubmission of one modal
        carries both again. Otherwise it is a modal of its own."""
        payload = example("view_submission_checkin_modal.json")
        submitted = copy.deepcopy(view)
        n = next(_counter)
        submitted.update(
            id=view.get("id") or f"V0MODAL{n:04d}",
            team_id=self.team_id,
            state={"values": values},
            hash=view.get("hash") or f"{self.seconds()}.{n:08x}",
            private_metadata=view.get("private_metadata", ""),
            app_id=self.app_id,
            app_installed_team_id=self.team_id,
        )
        payload.update(
            team=self._team(),
            user=self._user(user),
            api_app_id=self.app_id,
            view=submitted,
            enterprise=None if self.enterprise_id is None else {"id": self.enterprise_id},
            is_enterprise_install=self.org_wide,
        )
        return self.post_interaction(payload)

    def block_action(
        self,
        action: dict[str, Any],
        *,
        user: str,
        message: dict[str, Any] | None = None,
        channel: str = "D0DMALICE1",
        container: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """Press ``action`` (a button as the app built it) in ``message`` or a ``view``."""
        payload = example("block_actions_button_in_message.json")
        n = next(_counter)
        pressed = {
            **action,
            "block_id": action.get("block_id", "b"),
            "action_ts": self.slack_ts(),
        }
        payload.update(
            user=self._user(user),
            team=self._team(),
            api_app_id=self.app_id,
            trigger_id=f"{n}.{n}.trigger{n:06d}",
            actions=[pressed],
            enterprise=None if self.enterprise_id is None else {"id": self.enterprise_id},
            is_enterprise_install=self.org_wide,
        )
        payload.pop("response_url", None)  # only a press on a message has one
        if message is not None:
            payload["response_url"] = self.hooks_url("actions", channel, user, n)
            payload["message"] = message
            payload["container"] = container or {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel, "name": "directmessage"}
        else:
            payload.pop("message", None)
            payload.pop("channel", None)
            payload["container"] = container or {"type": "view", "view_id": "V0HOME0001"}
        if view is not None:
            payload["view"] = {
                **view,
                "id": view.get("id", "V0MODAL001"),
                "team_id": self.team_id,
                "hash": view.get("hash") or f"{self.seconds()}.hash",
                "state": {"values": {}},
                "private_metadata": view.get("private_metadata", ""),
            }
        return self.post_interaction(payload)

    # -- events ----------------------------------------------------------------------------
    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> httpx.Response:
        """Deliver ``event`` in an ``event_callback`` envelope (a retry when ``retry_num``)."""
        envelope = example("event_app_home_opened_home.json")
        envelope.update(
            team_id=self.team_id,
            api_app_id=self.app_id,
            event=event,
            event_id=event_id or f"Ev{next(_counter):08d}",
            event_time=self.seconds(),
        )
        envelope["authorizations"][0]["team_id"] = self.team_id
        envelope["authorizations"][0]["enterprise_id"] = self.enterprise_id
        envelope["authorizations"][0]["is_enterprise_install"] = self.org_wide
        if self.enterprise_id is not None:
            envelope["enterprise_id"] = self.enterprise_id
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post_json(envelope, headers=headers)
