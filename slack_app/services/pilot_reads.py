"""Reading pilots back as the app itself does (to draw its messages, its lists): no person's
right to see them is checked here; that is ``pilot_access.py``."""

from __future__ import annotations

from slack_app.domain.errors import BrokenInvariant, NotFound
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import Pilot
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


def get_pilot(uow: UnitOfWork, pilot_id: int) -> PilotView:
    pilot = PilotRepository(uow).get(pilot_id)
    if pilot is None:
        raise NotFound(GONE)
    return view_of(uow, pilot)


def pilots_of_stands(uow: UnitOfWork, stand_ids: list[int]) -> dict[int, Pilot]:
    return PilotRepository(uow).latest_of_stands(stand_ids)


def open_pilot_of(uow: UnitOfWork, stand_id: int) -> Pilot | None:
    return PilotRepository(uow).open_of_stand(stand_id)
