"""Forming a team once the submission is stored: a new pilot channel, or one the team
already has; then the vision and the roster, and the author told.

Everything here runs after the request's unit of work is committed and its modal closed, on
the effects pool: it takes no request, only the plain values of ``Settling``. Each step that
stores something opens a unit of work of its own, between Slack calls, never across one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import BrokenInvariant, DomainError
from slack_app.domain.pilots import Pilot
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import home_overview, publish_home, show_home
from slack_app.flows.pilots.posting import refresh as refresh_pilot
from slack_app.flows.request import Request
from slack_app.flows.structure.charter_post import refresh_charter
from slack_app.flows.team.channel import (
    Channel,
    create_channel,
    invite,
    link_channel,
    pin_vision,
    post_roster,
    post_vision,
)
from slack_app.services import Database
from slack_app.services.home import StandsOverview
from slack_app.services.pilot_reads import open_pilot_of
from slack_app.services.team import form_team, record_posts, stop_forming, team_roster
from slack_app.slack.errors import best_effort, error_code, explain
from slack_app.slack.posting import tell

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Settling:
    """What forming needs of the request, taken before its ack: safe on another thread."""

    client: WebClient
    db: Database
    workspace: Workspace
    now: Callable[[], datetime]
    bot_user_id: str | None

    @classmethod
    def of(cls, req: Request) -> Settling:
        deps = req.deps
        return cls(req.client, deps.db, req.workspace, deps.now, req.context.bot_user_id)


def _founders(stand: Stand) -> list[str]:
    return [stand.author_id, *([stand.first_follower_id] if stand.first_follower_id else [])]


def _give_up(side: Settling, stand: Stand, line: str) -> None:
    """Release the stand's forming claim, so the author can try again, and say why."""
    with side.db.unit_of_work(side.workspace) as uow:
        stop_forming(uow, stand.id)
    author = stand.author_id
    tell(side.client, author, line, what=f"tell {author} about their team")


def form_in_channel(side: Settling, stand: Stand, *, name: str, private: bool) -> None:
    """Create the pilot channel (a taken name gets a suffix), then settle the team in it.

    Nothing is stored until the channel exists, so no team points at a channel that was
    never created.
    """
    channel = create_channel(side.client, name, private=private)
    if channel.id is None:
        _give_up(side, stand, f":warning: {channel.problem}")
        return
    _settle(side, stand, channel, linked=False)


def link_in_channel(side: Settling, stand: Stand, channel_id: str) -> None:
    """Settle the team in a channel it already has (the app joins a public one)."""
    channel = link_channel(
        side.client, channel_id, author_id=stand.author_id, bot_user_id=side.bot_user_id
    )
    if channel.id is None:
        _give_up(side, stand, f":warning: {channel.problem}")
        return
    _settle(side, stand, channel, linked=True)


def finish_unfinished(side: Settling, stand: Stand, team: Team) -> None:
    """A team whose vision never posted: post it now in the team's own channel."""
    opening = f"Your team has a home: <#{team.channel_id}>."
    _post_and_tell(side, team, stand, opening=opening, problems=[])


def _settle(side: Settling, stand: Stand, channel: Channel, *, linked: bool) -> None:
    """Store the team of a channel that exists, invite the founders, post the vision."""
    if channel.id is None:
        raise BrokenInvariant("expected a channel with an id to settle the team in")
    try:
        with side.db.unit_of_work(side.workspace) as uow:
            team = form_team(
                uow,
                stand_id=stand.id,
                author_id=stand.author_id,
                channel_id=channel.id,
                is_private=channel.is_private,
                linked=linked,
                now=side.now(),
                already_in_channel=channel.members,
            )
    except DomainError as error:  # formed meanwhile, or the channel is another's pilot
        _give_up(side, stand, f":no_entry: {error.message}")
        return
    missing = [user for user in _founders(stand) if user not in channel.members]
    problems = invite(side.client, channel.id, missing)
    done = "linked" if linked else "created"
    opening = f"Your team has a home: <#{channel.id}> ({done})."
    _post_and_tell(side, team, stand, opening=opening, problems=problems)


@dataclass(frozen=True, slots=True)
class Posted:
    """The team once its vision and roster are in its channel, with what follows, read when
    the roster was recorded: the stand's open pilot and the author's Home."""

    team: Team
    pilot: Pilot | None
    home: StandsOverview


def _post_messages(side: Settling, team: Team, stand: Stand) -> Posted:
    """Post the vision (unless it is there) and the roster, remembering each at once.

    Someone who joined while the roster was being posted found no roster to edit: recording
    its ts records its redraw then.
    """
    client, now_posted = side.client, team.vision_ts is None
    vision_ts = post_vision(client, stand, team) if now_posted else None
    with side.db.unit_of_work(side.workspace) as uow:
        team = record_posts(uow, team.id, vision_ts=vision_ts, now=side.now())
        roster = team_roster(uow, team)
    if now_posted:
        pin_vision(client, team)
    roster_ts = post_roster(client, team, roster)
    with side.db.unit_of_work(side.workspace) as uow:
        team = record_posts(uow, team.id, roster_ts=roster_ts, drawn=roster, now=side.now())
        return Posted(team, open_pilot_of(uow, stand.id), home_overview(uow, stand.author_id))


def _post_and_tell(
    side: Settling, team: Team, stand: Stand, *, opening: str, problems: list[str]
) -> None:
    """Post the vision and roster; tell the author what happened, and how to finish if not."""
    warnings = [f":warning: {p}" for p in problems]
    author = stand.author_id
    about = f"tell {author} about their team"  # what the log says, should the DM fail
    try:
        posted = _post_messages(side, team, stand)
    except SlackApiError as error:
        code = error_code(error)
        log.info("could not post in pilot channel %s: %s", team.channel_id, code)
        problem = explain(code, channel=team.channel_id)
        lines = [
            f":warning: {opening} But I couldn't post the vision and roster: {problem}",
            "Once that is sorted, use *Form a team* or *Link a channel* again: I'll post it "
            f"in <#{team.channel_id}>.",
        ]
        tell(side.client, author, "\n".join(lines + warnings), what=about)
        best_effort(
            "refresh Home", lambda: publish_home(side.client, side.db, side.workspace, author)
        )
        return
    _show_pilot(side, posted)
    done = (
        f":tada: {opening} The vision is posted and pinned there; people opt in with "
        ":raised_hands: or *I'm in*."
    )
    tell(side.client, author, "\n".join([done, *warnings]), what=about)
    best_effort("refresh Home", lambda: show_home(side.client, author, posted.home))


def _show_pilot(side: Settling, posted: Posted) -> None:
    """A pilot proposed before the team formed gets its header in the new channel, and a
    structure built before the channel existed, its charter."""
    if posted.pilot is None:
        return
    pilot_id, db, ws = posted.pilot.id, side.db, side.workspace
    refresh_pilot(side.client, db, ws, pilot_id)
    best_effort(
        "post the charter", lambda: refresh_charter(side.client, db, ws, pilot_id, now=side.now())
    )
