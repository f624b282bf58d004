"""A check-in's buttons: the milestone's owner says where it stands, a deliverable's owner
marks it done. Anyone else is refused and nothing changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.domain.errors import NotFound
from slack_app.domain.structure import Kind, MilestoneStatus
from slack_app.domain.workspace import Workspace
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.slack.checkin_answers import owner_pressed


def _message(body: dict[str, Any]) -> tuple[str, str]:
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        raise NotFound("That check-in is no longer here.")
    return str(channel), str(ts)


def handle_checkin_status(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    ack()
    try:
        milestone, status = str(action.get("value") or "").split(":", 1)
        item_id, chosen = int(milestone), MilestoneStatus(status)
    except ValueError:
        raise NotFound("That check-in is no longer here.") from None
    channel, ts = _message(body)
    owner_pressed(
        client,
        deps.db,
        workspace,
        channel_id=channel,
        ts=ts,
        kind=Kind.MILESTONE,
        item_id=item_id,
        actor_id=body["user"]["id"],
        now=deps.now(),
        status=chosen,
    )


def handle_checkin_done(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    ack()
    channel, ts = _message(body)
    owner_pressed(
        client,
        deps.db,
        workspace,
        channel_id=channel,
        ts=ts,
        kind=Kind.DELIVERABLE,
        item_id=number(action),
        actor_id=body["user"]["id"],
        now=deps.now(),
    )
