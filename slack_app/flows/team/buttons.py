"""F3 button: "I'm in" on the vision post and in the welcome."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import NotAllowed, NotFound
from slack_app.domain.team import Action as TeamAction
from slack_app.domain.team import Signal, Team, slack_time, slack_time_of
from slack_app.flows.request import Request
from slack_app.flows.team.channel import members
from slack_app.flows.team.signals import opt_in_or_out
from slack_app.flows.values import number
from slack_app.services.team import TEAM_GONE, get_team, known_in_channel


def handle_im_in(req: Request, action: dict[str, Any]) -> None:
    """Opt in with "I'm in" (vision post or welcome), as of the press."""
    req.ack()
    team = get_team(req.uow, number(action))
    if not known_in_channel(req.uow, team, req.user_id) and not _in_channel(req, team):
        raise NotFound(TEAM_GONE)  # a shielded team, to someone not in its channel
    container = req.body.get("container") or {}
    if container.get("channel_id") != team.channel_id:
        raise NotAllowed("That “I'm in” belongs to another pilot's channel.")
    raw = action.get("action_ts")
    at = slack_time(raw) if raw else slack_time_of(req.now())
    if not opt_in_or_out(req, team, TeamAction(req.user_id, Signal.BUTTON, on=True, at=at)):
        raise NotAllowed("Only active people of this workspace can join a pilot's team.")


def _in_channel(req: Request, team: Team) -> bool:
    """Slack's word on whether the person is in the team's private channel (their join
    may not have reached the roster yet), asked with no transaction open."""
    req.commit_and_go_on()
    try:
        return req.user_id in members(req.client, team.channel_id)
    except SlackApiError:
        return False  # Slack will not say: the app may have been removed from the channel
