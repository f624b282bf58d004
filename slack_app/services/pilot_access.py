"""A person reaching a pilot by an id (the pilot's, its stand's, a decision's): the charter's
rule first (a shielded pilot is seen only by its people, ``snapshots.may_see``), so that a
stranger is told the pilot is not there, and nothing more; then who may do what."""

from __future__ import annotations

from dataclasses import dataclass

from slack_app.domain.audit import Entry
from slack_app.domain.errors import DomainError, NotAllowed, NotFound
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import STATE_WORDS, Pilot
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.services.pilot_reads import PILOT
from slack_app.services.snapshots import GONE, load_snapshot, snapshot_in
from slack_app.store.audit import AuditRepository
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork


def ensure_seen(uow: UnitOfWork, pilot_id: int, actor_id: str) -> None:
    """Refuse a pilot ``actor_id`` may not see as one that is not there (before anything
    else is checked or asked of Slack, so that a refusal says nothing more)."""
    pilot = PilotRepository(uow).get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    if pilot.shielded:
        snapshot_in(uow, pilot, actor_id)


def history(uow: UnitOfWork, pilot_id: int, *, actor_id: str) -> tuple[PilotView, list[Entry]]:
    """The pilot and its audit trail, oldest first, for someone who may see it."""
    snapshot = load_snapshot(uow, actor_id=actor_id, pilot_id=pilot_id)
    return snapshot.view, AuditRepository(uow).of(PILOT, pilot_id)


def lead_stand(uow: UnitOfWork, stand_id: int, user_id: str) -> Stand:
    """The stand, when ``user_id`` leads it (only its lead proposes its pilot)."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None:
        raise NotFound("That stand does not exist.")
    if stand.author_id != user_id:
        # Nobody named, and the same words whatever its pilot: a stranger learns nothing of
        # a shielded one (not even that there is one).
        raise NotAllowed("Only the stand's lead can propose its pilot.")
    return stand


def own_pilot_in(uow: UnitOfWork, pilot_id: int, user_id: str) -> Pilot:
    """The pilot, when ``user_id`` proposed it."""
    pilot = PilotRepository(uow).get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    if pilot.proposer_id != user_id:
        snapshot_in(uow, pilot, user_id)  # a shielded pilot's stranger: it is not there
        raise NotAllowed(f"Only <@{pilot.proposer_id}>, who proposed this pilot, can do that.")
    return pilot


def ensure_may_propose(
    uow: UnitOfWork, *, stand_id: int, pilot_id: int | None, user_id: str
) -> None:
    """Refuse a proposal by anyone but the stand's lead (and the pilot's proposer) before
    Slack is asked about anyone named in it."""
    lead_stand(uow, stand_id, user_id)
    if pilot_id is not None:
        own_pilot_in(uow, pilot_id, user_id)


@dataclass(frozen=True, slots=True)
class ProposalForm:
    """What the proposal modal opens with."""

    stands: list[Stand]
    stand: Stand
    pilot: Pilot | None
    team: Team | None


def proposal_form(
    uow: UnitOfWork, *, user_id: str, stand_id: int | None, channel_id: str | None
) -> ProposalForm:
    """The stand the person means (the button's, the pilot channel's, or their newest) and
    its open pilot, to edit; refused when it is not theirs or can no longer be edited."""
    stands = StandRepository(uow).of_author(user_id, limit=100)
    if stand_id is None and channel_id is not None:
        team = TeamRepository(uow).of_channel(channel_id)
        stand_id = None if team is None else team.stand_id
    if stand_id is None:
        if not stands:
            raise NotFound("Take a stand first: type `/stand`.")
        stand_id = stands[0].id
    stand = lead_stand(uow, stand_id, user_id)
    pilot = PilotRepository(uow).open_of_stand(stand.id)
    if pilot is not None and not pilot.editable:
        raise DomainError(
            f"This pilot is {STATE_WORDS[pilot.state]}: its proposal can't be edited now."
        )
    team = TeamRepository(uow).of_stand(stand.id)
    return ProposalForm(stands, stand, pilot, team)
