"""The decision mechanism, once for every subject: request, check, decide, remind.

A subject (a pilot proposal now; the structure's approvals and funding later) plugs in with
``Subject``: which version may be decided now, and what a verdict does to it. Everything
else (who may decide, once, on the current version, the note, the audit) is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from slack_app.domain.decisions import Decision, Verdict, decide, ensure_decidable, reminder_due
from slack_app.domain.errors import AlreadyDone, NotFound
from slack_app.domain.people import Person
from slack_app.domain.workspace import Workspace
from slack_app.services.pilot_access import ensure_seen
from slack_app.store.claims.reminders import claim_decision_reminder, due_decision_reminders
from slack_app.store.database import Database
from slack_app.store.decisions import DecisionRepository
from slack_app.store.unit_of_work import UnitOfWork

GONE = "That request is no longer here."


class Subject(Protocol):
    """What a kind of decided thing brings to the mechanism."""

    def version(self, uow: UnitOfWork, subject_id: int) -> int | None:
        """The version that may be decided now; None when it can no longer be decided."""
        ...

    def apply(self, uow: UnitOfWork, decided: Decision) -> None:
        """What the verdict does to the subject (in the same transaction), audit included."""
        ...

    def pilot_of(self, uow: UnitOfWork, subject_id: int) -> int | None:
        """The pilot the subject belongs to: who may not see it may not see the request."""
        ...


def request_decision(
    uow: UnitOfWork,
    *,
    subject: str,
    subject_id: int,
    version: int,
    decider: Person,
    requester_id: str,
    now: datetime,
) -> tuple[Decision, list[Decision]]:
    """Ask ``decider`` to decide ``version``; earlier requests about the subject go stale
    (returned, so their DMs can say so) and lose their reminder."""
    decisions = DecisionRepository(uow)
    stale = decisions.close_pending(subject, subject_id, now)
    request = Decision(
        id=0,
        subject=subject,
        subject_id=subject_id,
        decider_id=decider.user_id,
        version=version,
        requested_at=now,
        requester_id=requester_id,
        remind_at=reminder_due(now, decider.tz),
    )
    return decisions.add(request), stale


def close_requests(uow: UnitOfWork, subject: str, subject_id: int, now: datetime) -> list[Decision]:
    """The subject can no longer be decided (withdrawn): its pending requests, now closed."""
    return DecisionRepository(uow).close_pending(subject, subject_id, now)


def record_request_dm(uow: UnitOfWork, decision_id: int, *, channel_id: str, ts: str) -> None:
    """Where the request DM is, to redraw it once decided and to thread its reminder."""
    DecisionRepository(uow).set_dm(decision_id, channel_id=channel_id, ts=ts)


def get_decision(uow: UnitOfWork, decision_id: int) -> Decision:
    found = DecisionRepository(uow).get(decision_id)
    if found is None:
        raise NotFound(GONE)
    return found


def decidable(
    uow: UnitOfWork, subjects: dict[str, Subject], *, decision_id: int, actor_id: str
) -> Decision:
    """The request, when ``actor_id`` may decide it now (before a note modal opens)."""
    found = _seen(uow, subjects, get_decision(uow, decision_id), actor_id)
    current = subjects[found.subject].version(uow, found.subject_id)
    ensure_decidable(found, actor_id=actor_id, current_version=current)
    return found


def _seen(
    uow: UnitOfWork, subjects: dict[str, Subject], found: Decision, actor_id: str
) -> Decision:
    """``found``, unless ``actor_id`` (not its decider) may not see its pilot: then, like
    the pilot, the request is not there."""
    pilot_id = subjects[found.subject].pilot_of(uow, found.subject_id)
    if actor_id != found.decider_id and pilot_id is not None:
        ensure_seen(uow, pilot_id, actor_id)
    return found


def make_decision(
    uow: UnitOfWork,
    subjects: dict[str, Subject],
    *,
    decision_id: int,
    actor_id: str,
    verdict: Verdict,
    note: str | None,
    now: datetime,
) -> Decision:
    """Decide, once; the subject moves with it, in the same unit of work. Refusals are typed
    (the caller rolls back, so that everything stays as it was)."""
    decisions = DecisionRepository(uow)
    found = get_decision(uow, decision_id)
    subject = subjects[found.subject]
    current = subject.version(uow, found.subject_id)  # locks the subject
    found = _seen(uow, subjects, decisions.get(decision_id) or found, actor_id)
    decided = decide(
        found, actor_id=actor_id, verdict=verdict, note=note, current_version=current, now=now
    )
    if not decisions.record(decided):
        raise AlreadyDone("This was decided a moment ago, by another press.")
    subject.apply(uow, decided)
    return decided


@dataclass(frozen=True, slots=True)
class Reminder:
    """A claimed reminder: this process, and only this one, sends it."""

    workspace: Workspace
    decision: Decision


def due_reminder_ids(db: Database, now: datetime) -> list[int]:
    """Requests whose reminder is due and unclaimed, any workspace (not yet claimed)."""
    with db.across_workspaces() as session:
        return due_decision_reminders(session, now)


def claim_reminder_of(db: Database, decision_id: int, now: datetime) -> Reminder | None:
    """Claim one due reminder for this process, in its own transaction: of several
    instances ticking together exactly one gets it. None when another did. The claim is
    made across workspaces; the request is then read in a unit of work of its own."""
    with db.across_workspaces() as session:
        ws = claim_decision_reminder(session, decision_id, now)
    if ws is None:
        return None
    with db.unit_of_work(ws) as uow:
        found = DecisionRepository(uow).get(decision_id)
    return None if found is None else Reminder(ws, found)


def claim_due_reminders(db: Database, now: datetime) -> list[Reminder]:
    """Claim every due reminder no other instance has claimed (each in its own transaction)."""
    claimed = (claim_reminder_of(db, i, now) for i in due_reminder_ids(db, now))
    return [reminder for reminder in claimed if reminder is not None]


def release_reminder(db: Database, reminder: Reminder) -> None:
    """The reminder could not be sent: leave it for the next tick."""
    with db.unit_of_work(reminder.workspace) as uow:
        DecisionRepository(uow).unclaim_reminder(reminder.decision.id)
