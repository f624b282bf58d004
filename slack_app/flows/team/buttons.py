"""F3 button: "I'm in" on the vision post and in the welcome."""

from __future__ import annotations

from typing import Any

from slack_app.domain.errors import NotAllowed
from slack_app.domain.team import Action as TeamAction
from slack_app.domain.team import Signal, slack_time, slack_time_of
from slack_app.flows.request import Request
from slack_app.flows.team.signals import opt_in_or_out
from slack_app.flows.values import number
from slack_app.services.team import ensure_in_channel, get_team


def handle_im_in(req: Request, action: dict[str, Any]) -> None:
    """Opt in with "I'm in" (vision post or welcome), as of the press."""
    req.ack()
    team = get_team(req.uow, number(action))
    ensure_in_channel(req.uow, team, req.user_id)
    container = req.body.get("container") or {}
    if container.get("channel_id") != team.channel_id:
        raise NotAllowed("That “I'm in” belongs to another pilot's channel.")
    raw = action.get("action_ts")
    at = slack_time(raw) if raw else slack_time_of(req.now())
    if not opt_in_or_out(req, team, TeamAction(req.user_id, Signal.BUTTON, on=True, at=at)):
        raise NotAllowed("Only active people of this workspace can join a pilot's team.")
