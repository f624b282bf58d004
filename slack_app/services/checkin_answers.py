"""F6: what people do with a posted check-in: owners set where their milestone stands or mark
their deliverable done; anyone answers in its thread; reminders and overdue calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_app.domain.checkins import Checkin
from slack_app.domain.errors import AlreadyDone, BrokenInvariant, NotAllowed, NotFound
from slack_app.domain.schedules import is_stale
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    Deliverable,
    Kind,
    Milestone,
    MilestoneStatus,
)
from slack_app.domain.workspace import Workspace
from slack_app.services.snapshots import PilotSnapshot, pilot_snapshot, snapshot_in
from slack_app.services.structure import Changed
from slack_app.services.structure_reads import audit_change
from slack_app.store.checkin_claims import claim_overdue, claim_reminders
from slack_app.store.checkins import CheckinRepository
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.structure import StructureRepository

GONE = "That check-in is no longer here."


def checkin_at(
    db: Database, ws: Workspace, channel_id: str, ts: str
) -> tuple[Checkin, PilotSnapshot]:
    """The check-in posted as that message, and its pilot as it is now."""
    with db.transaction() as session:
        checkin = CheckinRepository(session, ws).posted_at(channel_id, ts)
    if checkin is None:
        raise NotFound(GONE)
    return checkin, pilot_snapshot(db, ws, actor_id=None, pilot_id=checkin.pilot_id)


def owner_update(
    db: Database,
    ws: Workspace,
    *,
    pilot_id: int,
    kind: Kind,
    item_id: int,
    actor_id: str,
    now: datetime,
    status: MilestoneStatus | None = None,
) -> Changed:
    """The owner sets their milestone's status (``status``) or marks their deliverable done;
    anyone else is refused and nothing changes."""
    with db.transaction() as session:
        pilot = PilotRepository(session, ws).get(pilot_id, for_update=True)
        if pilot is None:
            raise NotFound(GONE)
        items = StructureRepository(session, ws, pilot_id)
        before = items.get(kind, item_id)
        if not isinstance(before, Milestone | Deliverable):
            raise NotFound(f"That {kind.value} is not one of this pilot's (or it was removed).")
        if before.owner_id != actor_id:
            raise NotAllowed(f"Only <@{before.owner_id}>, who owns it, can do that.")
        if isinstance(before, Milestone):
            if status is None:
                raise BrokenInvariant(
                    f"expected an update of milestone {item_id} to name its new status"
                )
            if before.status is status:
                raise AlreadyDone(f"It is already {MILESTONE_WORDS[status]}.")
            values: dict[str, object] = {"status": status.value}
        else:
            if before.done:
                raise AlreadyDone("It is already done.")
            values = {"done": True, "done_by": actor_id, "done_at": now}
        item = items.change(kind, item_id, values)
        if item is None:
            raise NotFound(f"That {kind.value} was removed a moment ago.")
        audit_change(
            session,
            ws,
            kind=kind,
            item=item,
            action="status",
            actor_id=actor_id,
            now=now,
            before=before,
        )
        return Changed(snapshot_in(session, ws, pilot, None), kind, item, "edit")


def record_answer(
    db: Database,
    ws: Workspace,
    *,
    channel_id: str,
    thread_ts: str,
    user_id: str,
    ts: str,
    text: str,
    now: datetime,
) -> bool:
    """A reply in a check-in's thread, kept as that person's answer (marked when they are not
    on the team). False when it is no check-in's thread, or was kept already."""
    with db.transaction() as session:
        checkins = CheckinRepository(session, ws)
        checkin = checkins.posted_at(channel_id, thread_ts)
        if checkin is None:
            return False
        pilot = PilotRepository(session, ws).get(checkin.pilot_id)
        if pilot is None:
            raise BrokenInvariant(
                f"expected check-in {checkin.id}'s pilot {checkin.pilot_id} to be stored"
            )
        snapshot = snapshot_in(session, ws, pilot, None)
        return checkins.answer(
            checkin.id,
            user_id=user_id,
            ts=ts,
            text=text,
            on_team=on_team(snapshot, user_id),
            received_at=now,
        )


def on_team(snapshot: PilotSnapshot, user_id: str) -> bool:
    members = {line.user_id for line in snapshot.roster.members} if snapshot.roster else set()
    return user_id in members | {snapshot.pilot.proposer_id}


def change_answer(
    db: Database,
    ws: Workspace,
    *,
    channel_id: str,
    thread_ts: str,
    ts: str,
    text: str | None,
    now: datetime,
) -> bool:
    """An answer edited (``text``) or deleted (None) in Slack."""
    with db.transaction() as session:
        checkins = CheckinRepository(session, ws)
        checkin = checkins.posted_at(channel_id, thread_ts)
        if checkin is None:
            return False
        if text is None:
            return checkins.change_answer(checkin.id, ts, deleted_at=now)
        return checkins.change_answer(checkin.id, ts, text=text, edited_at=now)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A check-in whose owners have not all answered: who to remind, in its thread."""

    checkin: Checkin
    silent: list[str]


def due_reminders(db: Database, now: datetime) -> list[Reminder]:
    """Claim every check-in whose reminder is due, and who has not answered yet."""
    with db.transaction() as session:
        claimed = claim_reminders(session, now)
    found = []
    for ws, checkin in claimed:
        if checkin.remind_at is not None and is_stale(checkin.remind_at, now):
            continue  # missed while nothing ran: a day-old nudge helps nobody
        snapshot = pilot_snapshot(db, ws, actor_id=None, pilot_id=checkin.pilot_id)
        with db.transaction() as session:
            answered = {user for user, _, _ in CheckinRepository(session, ws).answers(checkin.id)}
        silent = sorted(_owners(snapshot, checkin.milestone_id) - answered)
        if silent:
            found.append(Reminder(checkin, silent))
    return found


def _owners(snapshot: PilotSnapshot, milestone_id: int | None) -> set[str]:
    structure = snapshot.structure
    owners = {m.owner_id for m in structure.milestones if m.id == milestone_id}
    owners |= {d.owner_id for d in structure.deliverables_of(milestone_id or 0) if not d.done}
    return owners


def overdue_calls(db: Database, now: datetime) -> list[tuple[PilotSnapshot, Milestone]]:
    """Milestones past due and not done, each claimed once for its overdue call."""
    with db.transaction() as session:
        claimed = claim_overdue(session, now)
    found = []
    for ws, pilot_id, milestone_id in claimed:
        snapshot = pilot_snapshot(db, ws, actor_id=None, pilot_id=pilot_id)
        milestone = next((m for m in snapshot.structure.milestones if m.id == milestone_id), None)
        if milestone is not None:
            found.append((snapshot, milestone))
    return found
