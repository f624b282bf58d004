"""Bolt middleware: the app's dependencies and the acting workspace into every context,
and Slack's event retries dropped before any listener runs."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.events import concerns_a_thread
from slack_app.domain.workspace import Workspace
from slack_app.effects import Effects
from slack_app.services.events import first_delivery
from slack_app.slack.people import People
from slack_app.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Deps:
    """What listeners need beyond Bolt's own arguments."""

    db: Database
    people: People
    now: Callable[[], datetime]
    effects: Effects  # where the Slack side runs after the ack
    # After an uninstall: how long its data is kept, and the installation to forget (OAuth
    # installs; in single-workspace mode there is none).
    keep: timedelta = timedelta(0)
    forget_install: Callable[..., None] | None = field(default=None)


def deps(context: BoltContext) -> Deps:
    value = context["deps"]
    if not isinstance(value, Deps):
        raise BrokenInvariant(f"expected Deps in context['deps'], not {type(value).__name__}")
    return value


def workspace_of(context: BoltContext) -> Workspace:
    value = context["workspace"]
    if not isinstance(value, Workspace):
        raise BrokenInvariant(
            f"expected a Workspace in context['workspace'], not {type(value).__name__}"
        )
    return value


def inject(app_deps: Deps) -> Callable[..., BoltResponse | None]:
    """Put ``Deps``, the request's workspace and its unit of work into the context, then
    drop a repeated event delivery.

    One middleware, not one per concern: Bolt builds every middleware's arguments anew for
    each request, and that is a good part of what an ack costs.
    """

    def middleware(
        body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context["deps"] = app_deps
        if _personal(body) and not SLACK_ID.fullmatch(_acting_user(body)):
            log.warning("refused a request that names no person who acted")
            return BoltResponse(status=200, body="")
        _clean_typed_text(body)
        team_id = context.team_id or _acting_team(body)
        if team_id:
            workspace = Workspace(team_id, enterprise_id=context.enterprise_id)
            context["workspace"] = workspace
            # The request's one unit of work, opened on first use; the listener's runner
            # (flows/guard.py) commits it when the work is done, or rolls it back.
            context["uow"] = app_deps.db.request_work(workspace)
        return once_per_event(body, context, next)

    return middleware


# Control characters (NUL among them, which PostgreSQL refuses in text) never mean
# anything in what people type; a newline and a tab in a multi-line input do.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean_typed_text(body: dict[str, Any]) -> None:
    """Remove control characters from what people typed (a command's text, a modal's
    text inputs, a message) before any listener reads or validates it."""
    if isinstance(body.get("text"), str):
        body["text"] = CONTROL.sub("", body["text"])
    event = body.get("event")
    for said in (event, event.get("message")) if isinstance(event, dict) else ():
        if isinstance(said, dict) and isinstance(said.get("text"), str):
            said["text"] = CONTROL.sub("", said["text"])  # a thread reply: an answer
    view = body.get("view")
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        return
    for block in values.values():
        for element in block.values() if isinstance(block, dict) else ():
            if isinstance(element, dict) and isinstance(element.get("value"), str):
                element["value"] = CONTROL.sub("", element["value"])


SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
PERSONAL = frozenset({"block_actions", "view_submission", "view_closed", "shortcut"})


def _personal(body: dict[str, Any]) -> bool:
    """A person's own action: a command, a press, a submission."""
    return bool(body.get("command")) or body.get("type") in PERSONAL


def _acting_user(body: dict[str, Any]) -> str:
    user = body.get("user")
    found = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return found if isinstance(found, str) else ""


def _acting_team(body: dict[str, Any]) -> str | None:
    """The acting person's workspace, for org-wide requests where Bolt has no team id.

    Never the Enterprise Grid org id: rows belong to a workspace, not to the org.
    """
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return str(user["team_id"])
    view = body.get("view")
    found = body.get("team_id") or (view.get("team_id") if isinstance(view, dict) else None)
    return str(found) if found else None


# Events kept, with their body, from their ack until their work commits, and replayed if
# it fails (``domain/events.py``): a lost one would leave the team wrong. A thread reply
# (a check-in's answer) is kept too; other messages are not remembered at all, and a lost
# Home opening is redrawn at the next one (its delivery is only recognised when retried).
KEPT_EVENTS = frozenset(
    {"member_joined_channel", "member_left_channel", "reaction_added", "reaction_removed"}
)
EVENT_ID = "event_id"  # context: the Events API delivery being handled
REPLAY = "stand_replay"  # context: a kept delivery, replayed (set by the app, never by Slack)
KEPT = "event_kept"  # context: the delivery is kept pending until its work commits


def once_per_event(
    body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
) -> BoltResponse | None:
    """Keep each new Events API delivery that matters (with its body, until its work is
    committed); ack a repeated one (same ``event_id``) without running listeners. A replay
    of a kept delivery runs them again."""
    event_id = body.get("event_id")
    if body.get("type") != "event_callback" or not event_id or "workspace" not in context:
        return next()
    context[EVENT_ID] = str(event_id)
    if context.get(REPLAY):
        context[KEPT] = True
        return next()
    event = body.get("event") or {}
    kind = event.get("type")
    if kind == "message" and not concerns_a_thread(event):
        return next()  # any other message in a channel: ignored, at no cost
    kept = kind in KEPT_EVENTS or kind == "message"
    app = deps(context)
    with app.db.unit_of_work(workspace_of(context)) as uow:
        # Kept without Slack's verification token: a secret of the app's, no part of it.
        stored = {k: v for k, v in body.items() if k != "token"} if kept else None
        first = first_delivery(uow, str(event_id), now=app.now(), body=stored)
    if not first:
        log.info("event %s already handled; acking the repeat", event_id)
        return BoltResponse(status=200, body="")
    context[KEPT] = kept
    return next()
