"""The decision mechanism with a subject of its own: the rules hold for any subject, which
is what lets the structure's approvals and funding reuse it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest

from slack_app.domain.decisions import Decision, NoteRequired, StaleRequest, Verdict
from slack_app.domain.errors import AlreadyDone, NotAllowed, NotFound
from slack_app.domain.people import Person
from slack_app.domain.workspace import Workspace
from slack_app.services.decisions import (
    claim_due_reminders,
    decidable,
    make_decision,
    release_reminder,
    request_decision,
)
from slack_app.store.database import Database
from slack_app.store.decisions import DecisionRepository
from slack_app.store.unit_of_work import UnitOfWork
from tests.support.clock import EPOCH, at_local, local_date, working_days_after

ACME, OTHER = Workspace("T0ACME0001"), Workspace("T0OTHER001")
BOSS = Person("U0BOSS0001", tz="Asia/Tokyo")
ASKED = EPOCH
# The start (09:00) of the third working day after the request, in the decider's zone.
DUE = at_local(working_days_after(local_date(ASKED, BOSS.tz), 3), time(9), BOSS.tz)


@dataclass
class Budget:
    """A toy subject: a budget line with a version, decided by its approver."""

    version: int = 1
    open: bool = True
    applied: list[Verdict] = field(default_factory=list)

    def version_of(self) -> int | None:
        return self.version if self.open else None


@dataclass
class Budgets:
    lines: dict[int, Budget] = field(default_factory=dict)

    def version(self, uow: UnitOfWork, subject_id: int) -> int | None:
        return self.lines[subject_id].version_of()

    def apply(self, uow: UnitOfWork, decided: Decision) -> None:
        assert decided.verdict is not None
        self.lines[decided.subject_id].applied.append(decided.verdict)

    def pilot_of(self, uow: UnitOfWork, subject_id: int) -> int | None:
        return None  # a budget line belongs to no pilot: everyone may see it


@pytest.fixture
def budgets() -> Budgets:
    return Budgets({7: Budget()})


def ask(db: Database, ws: Workspace = ACME, version: int = 1) -> Decision:
    with db.unit_of_work(ws) as uow:
        request, _ = request_decision(
            uow,
            subject="budget",
            subject_id=7,
            version=version,
            decider=BOSS,
            requester_id="U0ALICE001",
            now=ASKED,
        )
    return request


def decide(
    db: Database,
    budgets: Budgets,
    request: Decision,
    *,
    actor: str = BOSS.user_id,
    verdict: Verdict = Verdict.APPROVE,
    note: str | None = None,
    ws: Workspace = ACME,
) -> Decision:
    with db.unit_of_work(ws) as uow:
        return make_decision(
            uow,
            {"budget": budgets},
            decision_id=request.id,
            actor_id=actor,
            verdict=verdict,
            note=note,
            now=ASKED + timedelta(hours=1),
        )


def test_a_request_is_due_a_reminder_at_the_deciders_working_day(db: Database) -> None:
    assert ask(db).remind_at == DUE


def test_the_decider_decides_once_and_the_subject_hears_it_once(
    db: Database, budgets: Budgets
) -> None:
    request = ask(db)

    decided = decide(db, budgets, request, verdict=Verdict.DECLINE, note="Too much.")

    assert (decided.verdict, decided.note) == (Verdict.DECLINE, "Too much.")
    with pytest.raises(AlreadyDone):
        decide(db, budgets, request)
    assert budgets.lines[7].applied == [Verdict.DECLINE]


def test_only_the_decider_and_only_with_a_note_for_changes(db: Database, budgets: Budgets) -> None:
    request = ask(db)

    with pytest.raises(NotAllowed):
        decide(db, budgets, request, actor="U0DAVE0001")
    with pytest.raises(NotAllowed), db.unit_of_work(ACME) as uow:
        decidable(uow, {"budget": budgets}, decision_id=request.id, actor_id="U0DAVE0001")
    with pytest.raises(NoteRequired):
        decide(db, budgets, request, verdict=Verdict.REQUEST_CHANGES, note="  ")
    assert budgets.lines[7].applied == []
    with db.unit_of_work(ACME) as uow:
        assert decidable(uow, {"budget": budgets}, decision_id=request.id, actor_id=BOSS.user_id)


def test_a_changed_or_closed_subject_cannot_be_decided(db: Database, budgets: Budgets) -> None:
    request = ask(db)
    budgets.lines[7].version = 2
    with pytest.raises(StaleRequest):
        decide(db, budgets, request)
    budgets.lines[7].open = False
    with pytest.raises(StaleRequest):
        decide(db, budgets, ask(db, version=2))
    assert budgets.lines[7].applied == []


def test_another_workspace_cannot_see_or_decide_the_request(db: Database, budgets: Budgets) -> None:
    request = ask(db)
    with pytest.raises(NotFound):
        decide(db, budgets, request, ws=OTHER)
    assert budgets.lines[7].applied == []


def test_a_new_request_makes_the_older_stale_and_drops_its_reminder(db: Database) -> None:
    first = ask(db)
    with db.unit_of_work(ACME) as uow:
        second, stale = request_decision(
            uow,
            subject="budget",
            subject_id=7,
            version=2,
            decider=BOSS,
            requester_id="U0ALICE001",
            now=ASKED,
        )
    assert [d.id for d in stale] == [first.id]
    with db.unit_of_work(ACME) as uow:
        requests = DecisionRepository(uow).of_subject("budget", 7)
        reminders = {d.id: d.remind_at for d in requests}
    assert reminders == {first.id: None, second.id: DUE}


def test_a_due_reminder_is_claimed_once_and_can_be_released(db: Database) -> None:
    request = ask(db)
    assert claim_due_reminders(db, DUE - timedelta(seconds=1)) == []

    [claimed] = claim_due_reminders(db, DUE)

    assert (claimed.workspace, claimed.decision.id) == (ACME, request.id)
    assert claim_due_reminders(db, DUE) == []
    release_reminder(db, claimed)
    assert [c.decision.id for c in claim_due_reminders(db, DUE)] == [request.id]


def test_a_decided_request_is_never_reminded(db: Database, budgets: Budgets) -> None:
    decide(db, budgets, ask(db))
    assert claim_due_reminders(db, DUE + timedelta(days=30)) == []
