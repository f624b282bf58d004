"""Opt-in and opt-out by what people do in the pilot channel."""

from __future__ import annotations

from typing import Any

from slack_app.domain.team import OPT_IN_EMOJI, Action, Signal, slack_time
from slack_app.flows.request import Request
from slack_app.flows.team.signals import opt_in_or_out
from slack_app.services.team import team_of_channel


def _is_opt_in(reaction: str) -> bool:
    # Skin tones arrive as "raised_hands::skin-tone-3": the same opt-in.
    return reaction.split("::", 1)[0] == OPT_IN_EMOJI


def _reaction(req: Request, event: dict[str, Any], *, on: bool) -> None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not _is_opt_in(event.get("reaction", "")):
        return
    team = team_of_channel(req.uow, item.get("channel", ""))
    if team is None or team.vision_ts is None or item.get("ts") != team.vision_ts:
        return  # another message, or not a pilot channel
    action = Action(event["user"], Signal.REACTION, on=on, at=slack_time(event["event_ts"]))
    opt_in_or_out(req, team, action)


def handle_reaction_added(req: Request, event: dict[str, Any]) -> None:
    _reaction(req, event, on=True)


def handle_reaction_removed(req: Request, event: dict[str, Any]) -> None:
    _reaction(req, event, on=False)


def _membership(req: Request, event: dict[str, Any], *, on: bool) -> None:
    user_id = event.get("user")
    if not user_id or user_id == req.context.bot_user_id:
        return  # the app's own join (Bolt does not filter it)
    team = team_of_channel(req.uow, event.get("channel", ""))
    if team is None:
        return  # not a pilot channel
    action = Action(user_id, Signal.CHANNEL, on=on, at=slack_time(event["event_ts"]))
    opt_in_or_out(req, team, action)


def handle_member_joined_channel(req: Request, event: dict[str, Any]) -> None:
    _membership(req, event, on=True)


def handle_member_left_channel(req: Request, event: dict[str, Any]) -> None:
    _membership(req, event, on=False)
