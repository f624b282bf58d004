"""Composition root: settings, database, Bolt App, listeners — wired here and nowhere else."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from slack_bolt import App

from slack_app.config import Settings
from slack_app.listeners import register_listeners
from slack_app.middleware import Deps, inject, once_per_event
from slack_app.slack.client import web_client
from slack_app.slack.people import People
from slack_app.store.database import Database
from slack_app.web import StandWsgi


def utcnow() -> datetime:
    return datetime.now(UTC)


def create_bolt_app(
    settings: Settings, db: Database, *, now: Callable[[], datetime] = utcnow
) -> App:
    """The Bolt app with every listener and middleware.

    The token is checked lazily (on the first request, by Bolt's single-team authorization)
    so that the server starts, and /healthz answers, even while Slack is unreachable.
    """
    bolt_logger = logging.getLogger("slack_app.bolt")
    # Bolt also reads SLACK_BOT_TOKEN from the environment and warns that our client (which
    # carries the same token, Slack's URL and retry handlers) wins: true, and not news.
    bolt_logger.addFilter(lambda record: "will be unused" not in record.getMessage())
    app = App(
        client=web_client(settings.bot_token, settings.slack_api_url),
        signing_secret=settings.signing_secret,
        token_verification_enabled=False,
        logger=bolt_logger,
    )
    app.use(inject(Deps(db=db, people=People(), now=now)))
    app.use(once_per_event)
    register_listeners(app)
    return app


def create_wsgi_app(
    settings: Settings, db: Database, *, now: Callable[[], datetime] = utcnow
) -> StandWsgi:
    """The HTTP application: Slack's requests at /slack/events, health at /healthz."""
    return StandWsgi(create_bolt_app(settings, db, now=now), db)
