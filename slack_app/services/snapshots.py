"""A pilot's snapshot: the pilot, its stand, team, decisions and structure, as one person may
see it, loaded once per request and handed to whatever draws it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from slack_app.domain.errors import NotFound
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import Pilot
from slack_app.domain.structure import PilotDates, Structure, can_edit_structure
from slack_app.domain.team import Roster, roster
from slack_app.services.pilot_reads import view_of
from slack_app.store.pilots import PilotRepository
from slack_app.store.structure import StructureRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork

NO_PILOT = "There is no pilot here yet: propose one with `/stand pilot`."
NOT_HERE = "Use this in a pilot channel (or from the pilot's charter or the Home tab)."
GONE = "That pilot is no longer here."


@dataclass(frozen=True, slots=True)
class PilotSnapshot:
    """A pilot, its structure, and what the person acting may do with it."""

    view: PilotView
    structure: Structure
    may_edit: bool
    roster: Roster | None = None  # the team, once the pilot channel exists

    @property
    def pilot(self) -> Pilot:
        return self.view.pilot

    @property
    def dates(self) -> PilotDates:
        return PilotDates(self.pilot.proposal.start, self.pilot.proposal.end)


def _find_pilot(uow: UnitOfWork, pilot_id: int | None, channel_id: str | None) -> Pilot:
    """The pilot named, or (``pilot_id`` None) the latest pilot of the channel's team."""
    pilots = PilotRepository(uow)
    if pilot_id is None:
        teams = TeamRepository(uow)
        team = None if channel_id is None else teams.of_channel(channel_id)
        if team is None:
            raise NotFound(NOT_HERE)
        latest = pilots.latest_of_stands([team.stand_id]).get(team.stand_id)
        if latest is None:
            raise NotFound(NO_PILOT)
        return latest
    pilot = pilots.get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    return pilot


def snapshot_in(uow: UnitOfWork, pilot: Pilot, actor_id: str | None) -> PilotSnapshot:
    """``pilot`` as ``actor_id`` may see it; ``actor_id`` None is the app itself (redrawing
    the charter): it sees every pilot."""
    structure = StructureRepository(uow, pilot.id).load()
    view = view_of(uow, pilot)
    team_roster = None
    if view.team is not None:
        people = TeamRepository(uow).people(view.team.id)
        team_roster = roster(view.team.lead_id, view.stand.first_follower_id, people)
    return _as_seen_by(PilotSnapshot(view, structure, False, team_roster), actor_id)


def _as_seen_by(snapshot: PilotSnapshot, actor_id: str | None) -> PilotSnapshot:
    """What ``actor_id`` may do with the pilot; NotFound when they may not even see it."""
    pilot = snapshot.pilot
    may_edit = actor_id is not None and can_edit_structure(
        actor_id, lead_id=pilot.proposer_id, roles=snapshot.structure.roles
    )
    snapshot = replace(snapshot, may_edit=may_edit)
    if actor_id is not None and not may_see(snapshot, actor_id):
        raise NotFound(GONE)  # a shielded pilot says nothing more
    return snapshot


def with_structure(
    snapshot: PilotSnapshot, structure: Structure, actor_id: str | None
) -> PilotSnapshot:
    """The same pilot once its structure became ``structure``, judged again for the actor
    (a role may have given or taken their right): a change needs no second load."""
    return _as_seen_by(replace(snapshot, structure=structure), actor_id)


def may_see(snapshot: PilotSnapshot, user_id: str) -> bool:
    """A shielded pilot is visible only to its people: the lead, the sponsor, the team and
    its watchers, and whoever holds a part of its structure."""
    if not snapshot.pilot.shielded:
        return True
    pilot, structure = snapshot.pilot, snapshot.structure
    people = {pilot.proposer_id, pilot.sponsor_id}
    if snapshot.roster is not None:
        people |= {line.user_id for line in snapshot.roster.members + snapshot.roster.watchers}
    people |= {r.user_id for r in structure.roles}
    people |= {m.owner_id for m in structure.milestones}
    people |= {d.owner_id for d in structure.deliverables}
    people |= {a.approver_id for a in structure.approvals}
    people |= {f.committed_by for f in structure.funding if f.committed_by}
    return user_id in people


def load_snapshot(
    uow: UnitOfWork,
    *,
    actor_id: str | None,
    pilot_id: int | None = None,
    channel_id: str | None = None,
) -> PilotSnapshot:
    """The pilot on the button, or the pilot of the channel, as ``actor_id`` may see it."""
    pilot = _find_pilot(uow, pilot_id, channel_id)
    return snapshot_in(uow, pilot, actor_id)


def locked_snapshot(uow: UnitOfWork, pilot_id: int, *, actor_id: str | None) -> PilotSnapshot:
    """The pilot as ``actor_id`` may see it, its row locked until the unit of work commits
    (PostgreSQL): changes to one pilot's structure, and decisions on its approvals, happen
    one at a time."""
    pilot = PilotRepository(uow).get(pilot_id, for_update=True)
    if pilot is None:
        raise NotFound(GONE)
    return snapshot_in(uow, pilot, actor_id)
