"""Opt-in and opt-out by what people do in the pilot channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from slack_app.domain.team import OPT_IN_EMOJI, Action, Signal, Standing, slack_time
from slack_app.domain.workspace import Workspace
from slack_app.flows.team.channel import welcome_watcher
from slack_app.flows.team.signals import apply_and_show
from slack_app.middleware import Deps
from slack_app.services.stands import stand_by_id
from slack_app.services.team import team_of_channel
from slack_app.slack.people import PeopleUnavailable


def _is_opt_in(reaction: str) -> bool:
    # Skin tones arrive as "raised_hands::skin-tone-3": the same opt-in.
    return reaction.split("::", 1)[0] == OPT_IN_EMOJI


def _reaction(
    event: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace, *, on: bool
) -> None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not _is_opt_in(event.get("reaction", "")):
        return
    team = team_of_channel(deps.db, workspace, item.get("channel", ""))
    if team is None or team.vision_ts is None or item.get("ts") != team.vision_ts:
        return  # another message, or not a pilot channel
    action = Action(event["user"], Signal.REACTION, on=on, at=slack_time(event["event_ts"]))
    apply_and_show(client, deps.db, workspace, team, action, now=deps.now())


def handle_reaction_added(
    *, event: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace
) -> None:
    _reaction(event, client, deps, workspace, on=True)


def handle_reaction_removed(
    *, event: dict[str, Any], client: WebClient, deps: Deps, workspace: Workspace
) -> None:
    _reaction(event, client, deps, workspace, on=False)


def _is_bot(client: WebClient, deps: Deps, workspace: Workspace, user_id: str) -> bool:
    try:
        person = deps.people.lookup(client, workspace.team_id, user_id)
    except PeopleUnavailable:
        return False  # when Slack can't say, treat them as the person they most likely are
    return person is not None and person.is_bot


def _membership(
    event: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    context: BoltContext,
    *,
    on: bool,
) -> None:
    user_id = event.get("user")
    if not user_id or user_id == context.bot_user_id:
        return  # the app's own join (Bolt does not filter it)
    team = team_of_channel(deps.db, workspace, event.get("channel", ""))
    if team is None or (on and _is_bot(client, deps, workspace, user_id)):
        return  # not a pilot channel; or another app's bot, which is nobody's teammate
    action = Action(user_id, Signal.CHANNEL, on=on, at=slack_time(event["event_ts"]))
    change = apply_and_show(client, deps.db, workspace, team, action, now=deps.now())
    if on and change is not None and change.after is Standing.WATCHER:
        with deps.db.unit_of_work(workspace) as uow:
            stand = stand_by_id(uow, team.stand_id)
        welcome_watcher(client, team, stand, user_id)


def handle_member_joined_channel(
    *,
    event: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    context: BoltContext,
) -> None:
    _membership(event, client, deps, workspace, context, on=True)


def handle_member_left_channel(
    *,
    event: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    context: BoltContext,
) -> None:
    _membership(event, client, deps, workspace, context, on=False)
