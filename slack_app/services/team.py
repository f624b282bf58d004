"""F3: forming a team and keeping its membership by what people do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slack_app.domain.errors import AlreadyDone, BrokenInvariant, NotFound
from slack_app.domain.stands import Stand
from slack_app.domain.team import (
    Action,
    Change,
    Person,
    Roster,
    Signal,
    Team,
    TeamSummary,
    apply,
    roster,
    slack_time_of,
)
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork


def _own_stand(session: Session, ws: Workspace, stand_id: int, author_id: str) -> Stand:
    stand = StandRepository(session, ws).get(stand_id)
    if stand is None or stand.author_id != author_id:
        raise NotFound("That stand does not exist, or it is not yours.")
    return stand


def _no_team_yet(session: Session, ws: Workspace, stand: Stand) -> None:
    team = TeamRepository(session, ws).of_stand(stand.id)
    if team is not None:
        raise AlreadyDone(f"This stand already has a team, in <#{team.channel_id}>.")


# A claim older than this belongs to a request that died half-way; the next may try again.
FORMING_TIMEOUT = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Forming:
    """A stand about to get its team; ``unfinished`` is a team whose vision never posted."""

    stand: Stand
    unfinished: Team | None = None


def start_forming(
    db: Database, ws: Workspace, *, stand_id: int, author_id: str, now: datetime
) -> Forming:
    """Claim the author's stand for forming its team, before any channel is created.

    Refused when the stand has a team (unless its vision never got posted: then the
    caller posts it again) or when another request is forming it right now.
    """
    with db.transaction() as session:
        stand = _own_stand(session, ws, stand_id, author_id)
        team = TeamRepository(session, ws).of_stand(stand.id)
        if team is not None and team.vision_ts is not None and team.roster_ts is not None:
            raise AlreadyDone(f"This stand already has a team, in <#{team.channel_id}>.")
        if team is not None:
            return Forming(stand, unfinished=team)
        if not StandRepository(session, ws).claim_forming(
            stand.id, now=now, stale_after=FORMING_TIMEOUT
        ):
            raise AlreadyDone("A team is being formed for this stand right now.")
        return Forming(stand)


def stop_forming(db: Database, ws: Workspace, stand_id: int) -> None:
    """Give up the claim (the channel could not be created), so the author can try again."""
    with db.transaction() as session:
        StandRepository(session, ws).release_forming(stand_id)


def release_first_follower(db: Database, ws: Workspace, stand_id: int, user_id: str) -> bool:
    with db.transaction() as session:
        return StandRepository(session, ws).release_first_follower(stand_id, user_id)


def form_team(
    db: Database,
    ws: Workspace,
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
    with db.transaction() as session:
        stand = _own_stand(session, ws, stand_id, author_id)
        _no_team_yet(session, ws, stand)
        teams = TeamRepository(session, ws)
        if teams.of_channel(channel_id) is not None:
            raise AlreadyDone(f"<#{channel_id}> is already the pilot channel of another stand.")
        StandRepository(session, ws).release_forming(stand.id)
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
            apply_in_session(session, ws, team.id, Action(user_id, Signal.CHANNEL, True, at), now)
        for user_id in founders:
            apply_in_session(session, ws, team.id, Action(user_id, Signal.FOUNDER, True, at), now)
        return team


def record_posts(
    db: Database,
    ws: Workspace,
    team_pk: int,
    *,
    vision_ts: str | None = None,
    roster_ts: str | None = None,
) -> Team:
    with db.transaction() as session:
        teams = TeamRepository(session, ws)
        teams.set_posts(team_pk, vision_ts=vision_ts, roster_ts=roster_ts)
        team = teams.get(team_pk)
    if team is None:
        raise BrokenInvariant(f"expected team {team_pk} to read back after its posts were set")
    return team


def get_team(db: Database, ws: Workspace, team_pk: int) -> Team:
    with db.transaction() as session:
        team = TeamRepository(session, ws).get(team_pk)
    if team is None:
        raise NotFound("That pilot's team no longer exists.")
    return team


def team_of_channel(db: Database, ws: Workspace, channel_id: str) -> Team | None:
    with db.transaction() as session:
        return TeamRepository(session, ws).of_channel(channel_id)


def apply_person(
    session: Session, ws: Workspace, team_pk: int, action: Action, now: datetime
) -> tuple[Person, Change | None]:
    """Apply one action under a row lock on the person, keeping any change as history."""
    teams = TeamRepository(session, ws)
    row, person = teams.person_for_update(team_pk, action.user_id)
    person, change = apply(person, action)
    teams.save_person(row, person)
    if change is not None:
        teams.add_change(team_pk, change, recorded_at=now)
    return person, change


def apply_in_session(
    session: Session, ws: Workspace, team_pk: int, action: Action, now: datetime
) -> Change | None:
    return apply_person(session, ws, team_pk, action, now)[1]


def apply_action(
    db: Database, ws: Workspace, team_pk: int, action: Action, now: datetime
) -> Change | None:
    """Apply what a person did; the change of their standing, or None when nothing moved."""
    return apply_team_action(db, ws, get_team(db, ws, team_pk), action, now).change


@dataclass(frozen=True, slots=True)
class Applied:
    change: Change | None
    released_first_follower: bool = False  # they left the team, and with it the role


def apply_team_action(
    db: Database, ws: Workspace, team: Team, action: Action, now: datetime
) -> Applied:
    """Apply what a person did; a first follower who is off the team loses the role, in the
    same transaction, so no later failure can leave the role behind."""
    with db.transaction() as session:
        person, change = apply_person(session, ws, team.id, action, now)
        # Only someone put on the team as a founder can hold the first-follower role.
        if person.holds_founder_role or person.switch(Signal.FOUNDER).on_at is None:
            return Applied(change)
        released = StandRepository(session, ws).release_first_follower(
            team.stand_id, action.user_id
        )
        return Applied(change, released)


def roster_of(db: Database, ws: Workspace, team_pk: int) -> Roster:
    with db.transaction() as session:
        teams = TeamRepository(session, ws)
        team = teams.get(team_pk)
        if team is None:
            raise NotFound("That team no longer exists.")
        stand = StandRepository(session, ws).get(team.stand_id)
        follower = None if stand is None else stand.first_follower_id
        return roster(team.lead_id, follower, teams.people(team_pk))


def history(db: Database, ws: Workspace, team_pk: int) -> list[Change]:
    with db.transaction() as session:
        return TeamRepository(session, ws).changes(team_pk)


def team_summaries(uow: UnitOfWork, stands: list[Stand]) -> dict[int, TeamSummary]:
    """Each stand's pilot channel and team size, for lists (stand id → summary)."""
    teams = TeamRepository(uow.session, uow.workspace)
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
