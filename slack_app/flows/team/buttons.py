"""F3 button: "I'm in" on the vision post and in the welcome."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.domain.errors import NotAllowed
from slack_app.domain.team import Action as TeamAction
from slack_app.domain.team import Signal, slack_time, slack_time_of
from slack_app.domain.workspace import Workspace
from slack_app.flows.team.signals import apply_and_show
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.services.team import get_team


def handle_im_in(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Opt in with "I'm in" (vision post or welcome), as of the press."""
    ack()
    team = get_team(deps.db, workspace, number(action))
    container = body.get("container") or {}
    if container.get("channel_id") != team.channel_id:
        raise NotAllowed("That “I'm in” belongs to another pilot's channel.")
    raw = action.get("action_ts")
    at = slack_time(raw) if raw else slack_time_of(deps.now())
    opt_in = TeamAction(body["user"]["id"], Signal.BUTTON, on=True, at=at)
    apply_and_show(client, deps.db, workspace, team, opt_in, now=deps.now())
