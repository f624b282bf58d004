"""Reading pilots back: for the modal, the messages, the history and the lists."""

from __future__ import annotations

from dataclasses import dataclass

from slack_app.domain.audit import Entry
from slack_app.domain.errors import BrokenInvariant, DomainError, NotAllowed, NotFound
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import STATE_WORDS, Pilot
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.store.audit import AuditRepository
from slack_app.store.decisions import DecisionRepository
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork

PILOT = "pilot"  # the subject name in decisions and the audit trail
GONE = "That pilot is no longer here."


def view_of(uow: UnitOfWork, pilot: Pilot) -> PilotView:
    """The pilot with its stand, team and decisions, read in the caller's transaction."""
    stand = StandRepository(uow).get(pilot.stand_id)
    if stand is None:
        raise BrokenInvariant(f"expected pilot {pilot.id}'s stand {pilot.stand_id} to be stored")
    team = TeamRepository(uow).of_stand(stand.id)
    decisions = DecisionRepository(uow).of_subject(PILOT, pilot.id)
    return PilotView(pilot, stand, team, decisions)


def lead_stand(uow: UnitOfWork, stand_id: int, user_id: str) -> Stand:
    """The stand, when ``user_id`` leads it (only its lead proposes its pilot)."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None:
        raise NotFound("That stand does not exist.")
    if stand.author_id != user_id:
        raise NotAllowed(f"Only the stand's lead, <@{stand.author_id}>, can propose its pilot.")
    return stand


def own_pilot_in(uow: UnitOfWork, pilot_id: int, user_id: str) -> Pilot:
    """The pilot, when ``user_id`` proposed it."""
    pilot = PilotRepository(uow).get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    if pilot.proposer_id != user_id:
        raise NotAllowed(f"Only <@{pilot.proposer_id}>, who proposed this pilot, can do that.")
    return pilot


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


def get_pilot(uow: UnitOfWork, pilot_id: int) -> PilotView:
    pilot = PilotRepository(uow).get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    return view_of(uow, pilot)


def own_pilot(uow: UnitOfWork, pilot_id: int, *, user_id: str) -> Pilot:
    return own_pilot_in(uow, pilot_id, user_id)


def trail(uow: UnitOfWork, pilot_id: int) -> list[Entry]:
    """The pilot's audit trail, oldest first."""
    return AuditRepository(uow).of(PILOT, pilot_id)


def pilots_of_stands(uow: UnitOfWork, stand_ids: list[int]) -> dict[int, Pilot]:
    return PilotRepository(uow).latest_of_stands(stand_ids)


def open_pilot_of(uow: UnitOfWork, stand_id: int) -> Pilot | None:
    return PilotRepository(uow).open_of_stand(stand_id)
