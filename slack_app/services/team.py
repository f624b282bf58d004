"""F3: forming a team and keeping its membership by what people do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from slack_app.domain.errors import AlreadyDone, BrokenInvariant, NotFound
from slack_app.domain.outbox import forming_surface, redraw_roster
from slack_app.domain.stands import Stand
from slack_app.domain.team import (
    Action,
    Change,
    Person,
    Roster,
    Signal,
    Standing,
    Team,
    TeamSummary,
    apply,
    roster,
    slack_time_of,
)
from slack_app.store.outbox import effect_pending
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork


def _own_stand(uow: UnitOfWork, stand_id: int, author_id: str) -> Stand:
    stand = StandRepository(uow).get(stand_id)
    if stand is None or stand.author_id != author_id:
        raise NotFound("That stand does not exist, or it is not yours.")
    return stand


# Two submissions at once: the first claims the stand, and records its forming for the
# outbox, which refuses others while it is pending. A claim older than this belongs to a
# submission that never committed; the next may try again.
FORMING_TIMEOUT = timedelta(minutes=2)
BEING_FORMED = "A team is being formed for this stand right now."


@dataclass(frozen=True, slots=True)
class Forming:
    """A stand about to get its team; ``unfinished`` is a team whose vision never posted."""

    stand: Stand
    unfinished: Team | None = None


def start_forming(uow: UnitOfWork, *, stand_id: int, author_id: str, now: datetime) -> Forming:
    """Claim the author's stand for forming its team, before any channel is created.

    Refused when the stand has a team (unless its vision never got posted: then the
    caller posts it again) or when another request is forming it right now.
    """
    stand = _own_stand(uow, stand_id, author_id)
    team = TeamRepository(uow).of_stand(stand.id)
    if team is not None and team.vision_ts is not None and team.roster_ts is not None:
        raise AlreadyDone(f"This stand already has a team, in <#{team.channel_id}>.")
    if effect_pending(uow.session, uow.workspace, forming_surface(stand.id)):
        raise AlreadyDone(BEING_FORMED)  # the outbox is on it, however long Slack takes
    if team is not None:
        return Forming(stand, unfinished=team)
    if not StandRepository(uow).claim_forming(stand.id, now=now, stale_after=FORMING_TIMEOUT):
        raise AlreadyDone(BEING_FORMED)
    return Forming(stand)


def stand_and_team(uow: UnitOfWork, stand_id: int) -> tuple[Stand, Team | None]:
    """A stand being formed, and its team once one is stored."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None:
        raise NotFound("That stand no longer exists.")
    return stand, TeamRepository(uow).of_stand(stand.id)


def stop_forming(uow: UnitOfWork, stand_id: int) -> None:
    """Give up the claim (the channel could not be created), so the author can try again."""
    StandRepository(uow).release_forming(stand_id)


def form_team(
    uow: UnitOfWork,
    *,
    stand_id: int,
    author_id: str,
    channel_id: str,
    is_private: bool,
    linked: bool,
    now: datetime,
    already_in_channel: Sequence[str] = (),
) -> Team:
    """Store the team of a channel that exists: the lead and the first follower on it,
    everyone already in a linked channel a watcher."""
    stand = _own_stand(uow, stand_id, author_id)
    teams = TeamRepository(uow)
    team = teams.of_stand(stand.id)
    if team is not None:
        raise AlreadyDone(f"This stand already has a team, in <#{team.channel_id}>.")
    if teams.of_channel(channel_id) is not None:
        raise AlreadyDone(f"<#{channel_id}> is already the pilot channel of another stand.")
    StandRepository(uow).release_forming(stand.id)
    try:
        team = teams.add(
            stand_id=stand.id,
            lead_id=author_id,
            channel_id=channel_id,
            is_private=is_private,
            linked=linked,
            now=now,
        )
    except IntegrityError:
        raise AlreadyDone("This stand already has a team.") from None
    at = slack_time_of(now)
    founders = [author_id, *([stand.first_follower_id] if stand.first_follower_id else [])]
    for user_id in dict.fromkeys([*founders, *already_in_channel]):
        apply_change(uow, team.id, Action(user_id, Signal.CHANNEL, True, at), now)
    for user_id in founders:
        apply_change(uow, team.id, Action(user_id, Signal.FOUNDER, True, at), now)
    return team


def record_posts(
    uow: UnitOfWork,
    team_pk: int,
    *,
    now: datetime,
    vision_ts: str | None = None,
    roster_ts: str | None = None,
    drawn: Roster | None = None,
) -> Team:
    """Remember where the vision and the roster (showing ``drawn``) were posted; the team
    as now stored. Whoever joined while the roster was being posted found none to redraw,
    so when the roster moved on meanwhile, its redraw is recorded here."""
    teams = TeamRepository(uow)
    teams.set_posts(team_pk, vision_ts=vision_ts, roster_ts=roster_ts)
    team = teams.get(team_pk)
    if team is None:
        raise BrokenInvariant(f"expected team {team_pk} to read back after its posts were set")
    if roster_ts is not None and team_roster(uow, team) != drawn:
        uow.record([redraw_roster(team_pk)], now=now)
    return team


TEAM_GONE = "That pilot's team no longer exists."


def get_team(uow: UnitOfWork, team_pk: int) -> Team:
    team = TeamRepository(uow).get(team_pk)
    if team is None:
        raise NotFound(TEAM_GONE)
    return team


def known_in_channel(uow: UnitOfWork, team: Team, user_id: str) -> bool:
    """Whether ``user_id`` may see the team, as far as the roster knows: anyone for a
    public one; for a shielded one (a private channel), its lead and everyone there (a
    watcher from the moment they joined). False leaves it to Slack: a join may be late."""
    if not team.is_private or user_id == team.lead_id:
        return True
    people = TeamRepository(uow).people(team.id)
    return any(p.user_id == user_id and p.standing is not Standing.OUT for p in people)


def redraw_if_posted(uow: UnitOfWork, team_pk: int, *, now: datetime) -> None:
    """Record the roster's redraw, once it is posted: ``team.roster_ts`` may be an earlier
    read (a join applied after a Slack call), so it is read again here, locked. Before it
    is posted, recording its ts compares it with what was drawn (``record_posts``)."""
    if TeamRepository(uow).roster_posted(team_pk):
        uow.record([redraw_roster(team_pk)], now=now)


def find_team(uow: UnitOfWork, team_pk: int) -> Team | None:
    """The team, or None when it is gone (a redraw recorded before it was deleted)."""
    return TeamRepository(uow).get(team_pk)


def team_of_channel(uow: UnitOfWork, channel_id: str) -> Team | None:
    return TeamRepository(uow).of_channel(channel_id)


def _apply_person(
    uow: UnitOfWork, team_pk: int, action: Action, now: datetime
) -> tuple[Person, Change | None]:
    """Apply one action under a row lock on the person, keeping any change as history."""
    teams = TeamRepository(uow)
    row, person = teams.person_for_update(team_pk, action.user_id)
    person, change = apply(person, action)
    teams.save_person(row, person)
    if change is not None:
        teams.add_change(team_pk, change, recorded_at=now)
    return person, change


def apply_change(uow: UnitOfWork, team_pk: int, action: Action, now: datetime) -> Change | None:
    """Apply what a person did; the change of their standing, or None when nothing moved."""
    return _apply_person(uow, team_pk, action, now)[1]


def apply_action(uow: UnitOfWork, team_pk: int, action: Action, now: datetime) -> Change | None:
    """``apply_team_action`` on a team known by its id."""
    return apply_team_action(uow, get_team(uow, team_pk), action, now).change


@dataclass(frozen=True, slots=True)
class Applied:
    change: Change | None
    released_first_follower: bool = False  # they left the team, and with it the role


def apply_team_action(uow: UnitOfWork, team: Team, action: Action, now: datetime) -> Applied:
    """Apply what a person did; a first follower who is off the team loses the role, in the
    same unit of work, so no later failure can leave the role behind."""
    person, change = _apply_person(uow, team.id, action, now)
    if change is not None:
        redraw_if_posted(uow, team.id, now=now)
    # Only someone put on the team as a founder can hold the first-follower role.
    if person.holds_founder_role or person.switch(Signal.FOUNDER).on_at is None:
        return Applied(change)
    released = StandRepository(uow).release_first_follower(team.stand_id, action.user_id)
    return Applied(change, released)


def roster_of(uow: UnitOfWork, team_pk: int) -> Roster:
    team = TeamRepository(uow).get(team_pk)
    if team is None:
        raise NotFound("That team no longer exists.")
    return team_roster(uow, team)


def team_roster(uow: UnitOfWork, team: Team) -> Roster:
    """Who is on ``team`` now (its lead and stand never change, so ``team`` may be an
    earlier read)."""
    stand = StandRepository(uow).get(team.stand_id)
    follower = None if stand is None else stand.first_follower_id
    return roster(team.lead_id, follower, TeamRepository(uow).people(team.id))


def history(uow: UnitOfWork, team_pk: int) -> list[Change]:
    return TeamRepository(uow).changes(team_pk)


def team_summaries(uow: UnitOfWork, stands: list[Stand]) -> dict[int, TeamSummary]:
    """Each stand's pilot channel and team size, for lists (stand id → summary)."""
    teams = TeamRepository(uow)
    found = teams.of_stands([stand.id for stand in stands])
    people = teams.people_of_teams([team.id for team in found])
    by_stand = {stand.id: stand for stand in stands}
    return {
        team.stand_id: TeamSummary(
            team.channel_id,
            roster(
                team.lead_id, by_stand[team.stand_id].first_follower_id, people.get(team.id, [])
            ).size,
            ready=team.vision_ts is not None and team.roster_ts is not None,
        )
        for team in found
    }
