"""The events Slack sends when Stand is uninstalled or its token revoked, and their
listener."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from slack_app.flows.guard import guarded
from slack_app.flows.request import Request
from slack_app.services.departures import REVOKED, UNINSTALLED, departed

log = logging.getLogger(__name__)


def handle_app_uninstalled(req: Request, event: dict[str, Any]) -> None:
    _leave(req, why=UNINSTALLED)


def handle_tokens_revoked(req: Request, event: dict[str, Any]) -> None:
    tokens = event.get("tokens")
    if isinstance(tokens, dict) and tokens.get("bot"):
        _leave(req, why=REVOKED)  # people's own tokens: Stand holds none, nothing to do


def _leave(req: Request, *, why: str) -> None:
    """Forget the installation now (so nothing more is done with its token) and leave the
    data to the tick: it is deleted in batches there, not in this event's ack.

    Only with OAuth installs: with one bot token the operator installed Stand by hand and
    may install it again (a revoked token replaced), so its data stays; ``slack-app purge``
    deletes it when they choose."""
    context = req.context
    org_wide = bool(context.is_enterprise_install)
    team_id = None if org_wide else context.team_id
    enterprise_id = context.enterprise_id
    forget = req.deps.forget_install
    if forget is None:
        log.warning("Stand was uninstalled from its workspace (%s); its data stays", why)
        return
    if team_id is None and enterprise_id is None:  # Slack names one: never "every one"
        log.warning("refused a departure (%s) that names no workspace or org", why)
        return
    forget(enterprise_id=enterprise_id, team_id=team_id)
    departed(
        req.db,
        enterprise_id=enterprise_id,
        team_id=team_id,
        now=req.now(),
        keep=req.deps.keep,
        why=why,
    )


EVENTS = {"app_uninstalled": handle_app_uninstalled, "tokens_revoked": handle_tokens_revoked}


def register(app: App) -> None:
    for event_type, handler in EVENTS.items():
        app.event(event_type)(guarded(handler))
