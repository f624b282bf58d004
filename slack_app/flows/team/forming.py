"""Forming a team: a new pilot channel, or one the team already has; then the vision."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import BrokenInvariant, DomainError
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import publish_home
from slack_app.flows.team.channel import (
    Channel,
    create_channel,
    invite,
    link_channel,
    post_team_messages,
)
from slack_app.services import Database
from slack_app.services.team import form_team, stop_forming
from slack_app.slack.errors import error_code

log = logging.getLogger(__name__)


def _tell(client: WebClient, user_id: str, lines: list[str]) -> None:
    try:
        client.chat_postMessage(channel=user_id, text="\n".join(lines))
    except SlackApiError as error:
        log.warning("could not tell %s about their team: %s", user_id, error_code(error))


def _founders(stand: Stand) -> list[str]:
    return [stand.author_id, *([stand.first_follower_id] if stand.first_follower_id else [])]


def _settle(
    client: WebClient,
    db: Database,
    ws: Workspace,
    stand: Stand,
    channel: Channel,
    *,
    linked: bool,
    now: datetime,
) -> None:
    """Store the team of a channel that exists, invite the founders, post the vision."""
    if channel.id is None:
        raise BrokenInvariant("expected a channel with an id to settle the team in")
    try:
        team = form_team(
            db,
            ws,
            stand_id=stand.id,
            author_id=stand.author_id,
            channel_id=channel.id,
            is_private=channel.is_private,
            linked=linked,
            now=now,
            already_in_channel=channel.members,
        )
    except DomainError as error:  # formed meanwhile, or the channel is another's pilot
        stop_forming(db, ws, stand.id)
        _tell(client, stand.author_id, [f":no_entry: {error.message}"])
        return
    missing = [user for user in _founders(stand) if user not in channel.members]
    problems = invite(client, channel.id, missing)
    done = "linked" if linked else "created"
    opening = f"Your team has a home: <#{channel.id}> ({done})."
    _post_and_tell(client, db, ws, team, stand, opening=opening, problems=problems, now=now)


def _post_and_tell(
    client: WebClient,
    db: Database,
    ws: Workspace,
    team: Team,
    stand: Stand,
    *,
    opening: str,
    problems: list[str],
    now: datetime,
) -> None:
    """Post the vision and roster; tell the author what happened, and how to finish if not."""
    team, post_problems = post_team_messages(client, db, ws, team, stand, now=now)
    if not post_problems:
        lines = [
            f":tada: {opening} The vision is posted and pinned there; people opt in with "
            ":raised_hands: or *I'm in*."
        ]
    else:
        lines = [
            f":warning: {opening} But I couldn't post the vision and roster: {post_problems[0]}",
            "Once that is sorted, use *Form a team* or *Link a channel* again: I'll post it "
            f"in <#{team.channel_id}>.",
        ]
    lines += [f":warning: {p}" for p in problems]
    _tell(client, stand.author_id, lines)
    try:
        publish_home(client, db, ws, stand.author_id)
    except SlackApiError as error:
        log.warning("could not refresh Home: %s", error_code(error))


def finish_unfinished(
    client: WebClient, db: Database, ws: Workspace, stand: Stand, team: Team, *, now: datetime
) -> None:
    """A team whose vision never posted: post it now in the team's own channel."""
    opening = f"Your team has a home: <#{team.channel_id}>."
    _post_and_tell(client, db, ws, team, stand, opening=opening, problems=[], now=now)


def form_in_channel(
    client: WebClient,
    db: Database,
    ws: Workspace,
    stand: Stand,
    *,
    name: str,
    private: bool,
    now: datetime,
) -> None:
    """Create the pilot channel (a taken name gets a suffix), then settle the team in it.

    Nothing is stored until the channel exists, so no team points at a channel that was
    never created.
    """
    channel = create_channel(client, name, private=private)
    if channel.id is None:
        stop_forming(db, ws, stand.id)
        _tell(client, stand.author_id, [f":warning: {channel.problem}"])
        return
    _settle(client, db, ws, stand, channel, linked=False, now=now)


def link_in_channel(
    client: WebClient,
    db: Database,
    ws: Workspace,
    stand: Stand,
    channel_id: str,
    *,
    bot_user_id: str | None,
    now: datetime,
) -> None:
    """Settle the team in a channel it already has (the app joins a public one)."""
    channel = link_channel(client, channel_id, author_id=stand.author_id, bot_user_id=bot_user_id)
    if channel.id is None:
        stop_forming(db, ws, stand.id)
        _tell(client, stand.author_id, [f":warning: {channel.problem}"])
        return
    _settle(client, db, ws, stand, channel, linked=True, now=now)
