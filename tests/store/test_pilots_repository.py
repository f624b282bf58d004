"""The pilots repository: one open pilot a stand, and changes that lose a race change nothing."""

from __future__ import annotations

import pytest

from slack_app.domain.pilots import PilotState, ProposalDraft
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.pilots import OpenPilotExists, PilotRepository
from slack_app.store.stands import StandRepository
from tests.support.clock import EPOCH, days_from_epoch
from tests.support.factories import a_draft

ACME, OTHER = Workspace("T0ACME0001"), Workspace("T0OTHER001")
NOW = EPOCH
PROPOSAL = ProposalDraft(
    concept="Faster answers sell more.",
    scope="One queue.",
    start=days_from_epoch(6),
    end=days_from_epoch(37),
    learning="Repeat buying.",
    resources="",
    sponsor_id="U0BOSS0001",
)


def a_stand(db: Database) -> int:
    with db.unit_of_work(ACME) as uow:
        return StandRepository(uow).add(author_id="U1", draft=a_draft(), now=NOW).id


def add(db: Database, stand_id: int) -> int:
    with db.unit_of_work(ACME) as uow:
        pilot = PilotRepository(uow).add(
            stand_id=stand_id,
            proposer_id="U1",
            proposal=PROPOSAL,
            shielded=False,
            zone="UTC",
            now=NOW,
        )
    return pilot.id


def test_a_stand_has_one_open_pilot_and_a_new_one_once_it_is_final(db: Database) -> None:
    stand_id = a_stand(db)
    first = add(db, stand_id)
    with pytest.raises(OpenPilotExists):
        add(db, stand_id)

    with db.unit_of_work(ACME) as uow:
        assert PilotRepository(uow).move(first, before=PilotState.DRAFT, after=PilotState.WITHDRAWN)
    second = add(db, stand_id)

    with db.unit_of_work(ACME) as uow:
        pilots = PilotRepository(uow)
        assert pilots.open_of_stand(stand_id).id == second  # type: ignore[union-attr]
        assert pilots.latest_of_stands([stand_id])[stand_id].id == second


def test_a_move_from_a_state_it_no_longer_has_or_an_old_version_does_nothing(
    db: Database,
) -> None:
    pilot_id = add(db, a_stand(db))
    with db.unit_of_work(ACME) as uow:
        pilots = PilotRepository(uow)
        assert not pilots.move(pilot_id, before=PilotState.PROPOSED, after=PilotState.APPROVED)
        assert pilots.move(pilot_id, before=PilotState.DRAFT, after=PilotState.PROPOSED)
        assert not pilots.move(
            pilot_id, before=PilotState.PROPOSED, after=PilotState.APPROVED, version=2
        )
        assert pilots.get(pilot_id).state is PilotState.PROPOSED  # type: ignore[union-attr]


def test_an_edit_on_a_pilot_read_before_another_change_is_not_made(db: Database) -> None:
    pilot_id = add(db, a_stand(db))
    with db.unit_of_work(ACME) as uow:
        read = PilotRepository(uow).get(pilot_id)
    assert read is not None
    with db.unit_of_work(ACME) as uow:
        pilots = PilotRepository(uow)
        edited = pilots.edit(read, PROPOSAL, shielded=True)
        assert edited is not None
        assert (edited.version, edited.shielded) == (2, True)
        assert pilots.edit(read, PROPOSAL, shielded=False) is None  # version 1 is gone


def test_another_workspace_sees_no_pilot(db: Database) -> None:
    pilot_id = add(db, a_stand(db))
    with db.unit_of_work(OTHER) as uow:
        assert PilotRepository(uow).get(pilot_id) is None
        assert not PilotRepository(uow).move(
            pilot_id, before=PilotState.DRAFT, after=PilotState.WITHDRAWN
        )
