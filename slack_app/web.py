"""The WSGI application: Bolt at POST /slack/events, and GET /healthz for load balancers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request.internals import build_context
from sqlalchemy.exc import SQLAlchemyError

from slack_app.effects import Effects
from slack_app.gate import PAYLOAD, Gate, read_payload, refused
from slack_app.store.database import Database
from slack_app.store.schema import schema_state

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class SlackHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, handed the body as the gate read it (``gate.read_payload``):
    read once per request, not twice (a modal's state is kilobytes of percent-escapes),
    and read right (Bolt's own reader drops a command whose text, channel or workspace
    name holds the word "payload", which then goes unanswered). Bolt still checks the
    signature, on the raw body."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        raw = request.get_body()
        bolt_request = BoltRequest(
            body="", query=request.query_string, headers=request.get_headers()
        )
        payload = request.environ.get(PAYLOAD)
        if not isinstance(payload, dict):  # no gate before (it is off without a secret)
            payload = read_payload(raw, bolt_request.content_type) or {}
        bolt_request.raw_body, bolt_request.body = raw, payload
        bolt_request.context = build_context(BoltContext(), payload)
        return self.app.dispatch(bolt_request)


class StandWsgi:
    """Routes the two public paths; everything else is Bolt's (404 for unknown paths)."""

    def __init__(
        self,
        bolt_app: App,
        db: Database,
        *,
        effects: Effects | None = None,
        signing_secret: str | None = None,
    ) -> None:
        self.bolt_app = bolt_app
        self.effects = effects or Effects()
        self._slack = SlackHandler(bolt_app, path=EVENTS_PATH)
        self._db = db
        # Checked before Bolt parses anything (None: Socket Mode, nothing comes over HTTP).
        self._gate = Gate(signing_secret) if signing_secret else None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            status, body = self.health()
            payload = json.dumps(body).encode()
            start_response(
                status,
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]
        if self._gate is not None and environ.get("PATH_INFO") == EVENTS_PATH:
            refusal = self._gate.refuse(environ)
            if refusal is not None:
                said = refused(refusal)
                headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(said)))]
                start_response(refusal.status, headers)
                return [said]
        with self.effects.acks.answering():  # effects after other requests' acks wait for this one
            return self._slack(environ, start_response)

    def health(self) -> tuple[str, dict[str, str]]:
        """200 once the database answers and its schema is the one this code needs."""
        try:
            state = schema_state(self._db.engine)
        except SQLAlchemyError as error:
            log.warning("health check: database unreachable: %s", type(error).__name__)
            return "503 Service Unavailable", {"status": "unavailable", "database": "unreachable"}
        if not state.up_to_date:
            return "503 Service Unavailable", {
                "status": "unavailable",
                "database": f"schema at {state.current or 'nothing'}, needs {state.head}",
            }
        return "200 OK", {"status": "ok", "schema": state.head}
