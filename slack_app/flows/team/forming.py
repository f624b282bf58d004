"""Forming a team, as the outbox delivers it once the submission is stored: a new pilot
channel, or one the team already has; then the vision and the roster, and the author told.

A delivery may be cut off anywhere and tried again, so each step finds what an earlier try
did before doing it: a team stored means its channel exists; a channel the app created
under the name asked for is taken up again; the vision and roster are looked for by their
metadata. Each step that stores something opens a unit of work of its own, between Slack
calls, never across one; the author is told in the one that settles the delivery, once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.errors import DomainError
from slack_app.domain.outbox import Effect, publish_home, redraw_charter, redraw_pilot, tell
from slack_app.domain.stands import Stand
from slack_app.domain.team import Roster, Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.team.channel import (
    Channel,
    create_channel,
    created_earlier,
    invite,
    link_channel,
    pin_vision,
    post_roster,
    post_vision,
)
from slack_app.services import Database
from slack_app.services.outbox import Claimed, settle_with
from slack_app.services.pilot_reads import open_pilot_of
from slack_app.services.team import (
    form_team,
    record_posts,
    stand_and_team,
    stop_forming,
    team_of_channel,
    team_roster,
)
from slack_app.slack.errors import error_code, explain, failure_of

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Forming:
    """One delivery of a forming: its Slack client, its store, the effect, its time."""

    client: WebClient
    db: Database
    effect: Claimed
    now: datetime

    @property
    def ws(self) -> Workspace:
        return self.effect.workspace

    def settle(self, effects: list[Effect], *, stop_for: int | None = None) -> bool:
        """Record what the author hears, settling the delivery in the same transaction (and
        releasing the stand's forming claim, when it gave up)."""
        with self.db.unit_of_work(self.ws) as uow:
            if stop_for is not None:
                stop_forming(uow, stop_for)
            uow.record(effects, now=self.now)
            settle_with(uow, self.effect, self.now)
        return True


def deliver_forming(client: WebClient, db: Database, effect: Claimed, now: datetime) -> bool:
    """The outbox's forming of a team: its channel (unless an earlier try stored it), then
    its messages, and the author told what happened. A team whose roster is recorded was
    finished, and its author told, by the delivery that recorded it: nothing is left."""
    forming = _Forming(client, db, effect, now)
    with db.unit_of_work(effect.workspace) as uow:
        stand, team = stand_and_team(uow, int(effect.payload["stand_id"]))
    if team is not None and team.roster_ts is not None:
        return False
    if not ({"name", "channel_id"} & effect.payload.keys()) and team is not None:
        opening = f"Your team has a home: <#{team.channel_id}>."  # finishing an unfinished one
        return _post_and_tell(forming, team, stand, opening=opening, problems=[])
    missing = _founders(stand)  # an earlier try stored the team: who is in is not known
    if team is None:
        channel = _channel(forming, stand)
        if channel.id is None:
            return _give_up(forming, stand, f":warning: {channel.problem}")
        try:
            team = _store(forming, stand, channel)
        except DomainError as error:  # formed meanwhile, or the channel is another's pilot
            return _give_up(forming, stand, f":no_entry: {error.message}")
        missing = [user for user in missing if user not in channel.members]
    problems = invite(client, team.channel_id, missing)
    done = "linked" if team.linked else "created"
    opening = f"Your team has a home: <#{team.channel_id}> ({done})."
    return _post_and_tell(forming, team, stand, opening=opening, problems=problems)


def forming_given_up(db: Database, effect: Claimed, error: str, now: datetime) -> None:
    """Slack kept failing for a day (or a bug): the stand is free to form again, and its
    author hears so."""
    with db.unit_of_work(effect.workspace) as uow:
        stand, team = stand_and_team(uow, int(effect.payload["stand_id"]))
        if team is not None and team.roster_ts is not None:
            return
        stop_forming(uow, stand.id)
        line = (
            f":warning: I couldn't finish forming your team: Slack kept failing ({error}). "
            "Use *Form a team* or *Link a channel* to try again."
        )
        uow.record([tell(stand.author_id, line), publish_home(stand.author_id)], now=now)


def _founders(stand: Stand) -> list[str]:
    return [stand.author_id, *([stand.first_follower_id] if stand.first_follower_id else [])]


def _give_up(forming: _Forming, stand: Stand, line: str) -> bool:
    """Release the stand's forming claim, so the author can try again, and say why."""
    return forming.settle([tell(stand.author_id, line)], stop_for=stand.id)


def _channel(forming: _Forming, stand: Stand) -> Channel:
    """The channel to settle in: the one to link, or a new one (the one an earlier try
    created, when it may have)."""
    payload, client = forming.effect.payload, forming.client
    bot = str(payload["bot_user_id"]) if "bot_user_id" in payload else None
    if "channel_id" in payload:
        channel_id = str(payload["channel_id"])
        return link_channel(client, channel_id, author_id=stand.author_id, bot_user_id=bot)
    name, private = str(payload["name"]), bool(payload["private"])
    if forming.effect.may_have_reached_slack:
        found = created_earlier(client, name, bot_user_id=bot, free=lambda c: _free(forming, c))
        if found is not None:
            return found
    return create_channel(client, name, private=private)


def _free(forming: _Forming, channel_id: str) -> bool:
    with forming.db.unit_of_work(forming.ws) as uow:
        return team_of_channel(uow, channel_id) is None


def _store(forming: _Forming, stand: Stand, channel: Channel) -> Team:
    """Store the team of a channel that exists."""
    if channel.id is None:
        raise ValueError("a channel with an id is needed to settle a team in")
    with forming.db.unit_of_work(forming.ws) as uow:
        return form_team(
            uow,
            stand_id=stand.id,
            author_id=stand.author_id,
            channel_id=channel.id,
            is_private=channel.is_private,
            linked="channel_id" in forming.effect.payload,
            now=forming.now,
            already_in_channel=channel.members,
        )


def _post_and_tell(
    forming: _Forming, team: Team, stand: Stand, *, opening: str, problems: list[str]
) -> bool:
    """Post the vision and roster; tell the author what happened, and how to finish if not."""
    warnings = [f":warning: {p}" for p in problems]
    author = stand.author_id
    try:
        team = _post_vision(forming, team, stand)
        roster_ts, drawn = _post_roster(forming, team)
    except SlackApiError as error:
        if failure_of(error).transient:
            raise
        code = error_code(error)
        log.info("could not post in pilot channel %s: %s", team.channel_id, code)
        problem = explain(code, channel=team.channel_id)
        lines = [
            f":warning: {opening} But I couldn't post the vision and roster: {problem}",
            "Once that is sorted, use *Form a team* or *Link a channel* again: I'll post it "
            f"in <#{team.channel_id}>.",
        ]
        return forming.settle([tell(author, "\n".join(lines + warnings)), publish_home(author)])
    done = (
        f":tada: {opening} The vision is posted and pinned there; people opt in with "
        ":raised_hands: or *I'm in*."
    )
    told = [tell(author, "\n".join([done, *warnings])), publish_home(author)]
    with forming.db.unit_of_work(forming.ws) as uow:
        record_posts(uow, team.id, roster_ts=roster_ts, drawn=drawn, now=forming.now)
        pilot = open_pilot_of(uow, stand.id)
        # A pilot proposed before the team formed gets its header in the new channel, and a
        # structure built before the channel existed, its charter.
        shown = [] if pilot is None else [redraw_pilot(pilot.id), redraw_charter(pilot.id)]
        uow.record([*told, *shown], now=forming.now)
        settle_with(uow, forming.effect, forming.now)
    return True


def _post_vision(forming: _Forming, team: Team, stand: Stand) -> Team:
    """Post the vision (unless it is there already), remembering it at once, and pin it."""
    if team.vision_ts is not None:
        return team
    in_doubt = forming.effect.may_have_reached_slack
    vision_ts = post_vision(forming.client, stand, team, in_doubt=in_doubt)
    with forming.db.unit_of_work(forming.ws) as uow:
        team = record_posts(uow, team.id, vision_ts=vision_ts, now=forming.now)
    pin_vision(forming.client, team)
    return team


def _post_roster(forming: _Forming, team: Team) -> tuple[str, Roster | None]:
    """Post the roster (unless it is there already): its ts, and the roster it shows (None
    when an earlier try may have drawn it, so that it is redrawn)."""
    if team.roster_ts is not None:
        return team.roster_ts, None
    with forming.db.unit_of_work(forming.ws) as uow:
        roster = team_roster(uow, team)
    in_doubt = forming.effect.may_have_reached_slack
    ts = post_roster(forming.client, team, roster, in_doubt=in_doubt)
    return ts, None if in_doubt else roster  # one found may show less than is stored
