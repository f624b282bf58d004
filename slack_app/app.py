"""Composition root: settings, database, Bolt App, listeners — wired here and nowhere else."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltRequest

from slack_app.clock import utcnow
from slack_app.config import Settings
from slack_app.effects import Effects
from slack_app.flows import register_flows
from slack_app.identity import Identity
from slack_app.installs import Installs
from slack_app.middleware import REPLAY, Deps, inject
from slack_app.slack.client import web_client
from slack_app.slack.people import People
from slack_app.store.database import Database
from slack_app.web import StandWsgi

BOLT_LOGGER = logging.getLogger("slack_app.bolt")


def _bolt_says(record: logging.LogRecord) -> bool:
    """Bolt's log, in one line of its own words each.

    Bolt warns that our client (which carries the token, Slack's URL and retry handlers)
    and our ``authorize`` win over SLACK_BOT_TOKEN, which it reads too: true, and not news.
    Its warning about a request no listener takes quotes the request and suggests code to
    write, over many lines: the log gets one line of ours instead.
    """
    message = record.getMessage()
    if message.endswith(("will be unused.", "will be ignored.")):
        return False
    if message.startswith("Unhandled request"):
        record.msg, record.args = "a request no listener takes (acked, nothing done)", None
    return True


BOLT_LOGGER.addFilter(_bolt_says)


def create_bolt_app(
    settings: Settings,
    db: Database,
    *,
    now: Callable[[], datetime] = utcnow,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
    effects: Effects | None = None,
    identity: Identity | None = None,
    installs: Installs | None = None,
) -> App:
    """The Bolt app with every listener and middleware.

    With one bot token, the token is checked by ``identity`` (asked now, unless the caller
    has connected it already), never on a request's path: see ``identity.py``. With OAuth
    installs (``installs.py``), each request is served with its workspace's token. In
    Socket Mode requests arrive over Slack's own authenticated connection, so there is no
    signature to verify and no signing secret is needed.
    """
    deps = Deps(db=db, people=People(), now=now, effects=effects or Effects())
    common: dict[str, Any] = {
        "name": "stand",  # unnamed, Bolt walks the whole call stack to name itself
        "signing_secret": "" if socket_mode else settings.signing_secret,
        "request_verification_enabled": not socket_mode,
        "listener_executor": listener_executor,
        "logger": BOLT_LOGGER,
    }
    if settings.installs:
        installs = installs or Installs(settings, db, now)
        app = App(
            **common,
            client=web_client(None, settings.slack_api_url),
            before_authorize=installs.admit(),
            authorize=installs.authorize(),  # type: ignore[arg-type]  # Bolt takes its own class
            oauth_settings=installs.oauth_settings(),
        )
        deps = replace(deps, keep=installs.keep(), forget_install=installs.store.forget)
    else:
        client = web_client(settings.bot_token, settings.slack_api_url)
        identity = identity or Identity(client).connect()
        app = App(
            **common,
            client=client,
            before_authorize=identity.admit(),
            authorize=identity.authorize(),
        )
    app.use(inject(deps))
    register_flows(app)
    return app


def create_wsgi_app(
    settings: Settings,
    db: Database,
    *,
    now: Callable[[], datetime] = utcnow,
    listener_executor: Executor | None = None,
    effects: Effects | None = None,
    identity: Identity | None = None,
    installs: Installs | None = None,
) -> StandWsgi:
    """The HTTP application: Slack's requests at /slack/events, health at /healthz.

    ``listener_executor`` runs listeners until their ack (Bolt's own pool by default);
    ``effects`` runs their Slack side after it.
    """
    effects = effects or Effects()
    bolt = create_bolt_app(
        settings,
        db,
        now=now,
        listener_executor=listener_executor,
        effects=effects,
        identity=identity,
        installs=installs,
    )
    return StandWsgi(bolt, db, effects=effects, signing_secret=settings.signing_secret)


def replayer(bolt: App) -> Callable[[dict[str, Any]], None]:
    """Replays a kept Events API delivery (see ``domain/events.py``) through ``bolt``'s
    middleware and listeners, as the delivery it was: marked a replay, so it is not taken
    for Slack's retry of itself. It came signed when first delivered; a replay is built
    here, from the store, and Bolt checks no signature on a request not made over HTTP."""

    def replay(body: dict[str, Any]) -> None:
        bolt.dispatch(BoltRequest(body=body, context={REPLAY: True}, mode="socket_mode"))

    return replay
