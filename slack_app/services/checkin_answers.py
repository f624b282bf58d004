"""F6: what people do with a posted check-in: owners set where their milestone stands or mark
their deliverable done; anyone answers in its thread; reminders and overdue calls.

A request's work runs over its unit of work and hands back what the check-in shows now
(``Shown``), so that the flow redraws it once committed without loading the pilot again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_app.domain.checkins import Checkin
from slack_app.domain.errors import AlreadyDone, BrokenInvariant, NotAllowed, NotFound
from slack_app.domain.outbox import redraw_charter, redraw_checkin
from slack_app.domain.pilots import Pilot
from slack_app.domain.schedules import is_stale
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    Deliverable,
    Kind,
    Milestone,
    MilestoneStatus,
    Structure,
)
from slack_app.domain.team import roster
from slack_app.domain.workspace import Workspace
from slack_app.services.checkins import default_schedule
from slack_app.services.pilot_access import ensure_seen
from slack_app.services.snapshots import PilotSnapshot, load_snapshot
from slack_app.services.structure_reads import audit_change
from slack_app.store.checkins import CheckinRepository, PostedCheckin
from slack_app.store.claims.reminders import claim_checkin_reminders, claim_overdue
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.structure import StructureRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork

GONE = "That check-in is no longer here."


@dataclass(frozen=True, slots=True)
class Shown:
    """A posted check-in and what its message shows: its pilot, the milestones with their
    deliverables, what waits on approvals and funding (its structure without roles, which a
    check-in never shows), and who has answered, in the zone its days left are counted."""

    checkin: Checkin
    pilot: Pilot
    structure: Structure
    answered: list[str]
    zone: str


def _shown(uow: UnitOfWork, posted: PostedCheckin) -> Shown:
    checkins = CheckinRepository(uow)
    pilot_id = posted.pilot.id
    milestones, deliverables = checkins.milestones(pilot_id)
    approvals, funding = checkins.waiting_on(pilot_id)
    schedule, _ = posted.schedule or (default_schedule(posted.pilot), False)
    return Shown(
        posted.checkin,
        posted.pilot,
        Structure(milestones, deliverables, [], funding, approvals),
        [user for user, _, _ in checkins.answers(posted.checkin.id)],
        schedule.zone,
    )


def shown_at(uow: UnitOfWork, channel_id: str, ts: str) -> Shown | None:
    """What the check-in posted at ``ts`` shows now; None when there is none there."""
    posted = _posted(uow, channel_id, ts)
    return None if posted is None else _shown(uow, posted)


def _posted(uow: UnitOfWork, channel_id: str, ts: str) -> PostedCheckin | None:
    return CheckinRepository(uow).posted_at(channel_id, ts)


def owner_update(
    uow: UnitOfWork,
    *,
    channel_id: str,
    ts: str,
    kind: Kind,
    item_id: int,
    actor_id: str,
    now: datetime,
    status: MilestoneStatus | None = None,
) -> Milestone | Deliverable:
    """The owner sets their milestone's status (``status``) or marks their deliverable done,
    from the check-in posted as ``ts``; anyone else is refused and nothing changes."""
    posted = _posted(uow, channel_id, ts)
    if posted is None:
        raise NotFound(GONE)
    pilot_id = posted.pilot.id
    if PilotRepository(uow).get(pilot_id, for_update=True) is None:
        raise NotFound(GONE)  # locked: changes to one pilot's structure go one at a time
    ensure_seen(uow, pilot_id, actor_id)  # a shielded pilot's stranger: it is not there
    items = StructureRepository(uow, pilot_id)
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
    if not isinstance(item, Milestone | Deliverable):
        raise NotFound(f"That {kind.value} was removed a moment ago.")
    audit_change(
        uow,
        kind=kind,
        item=item,
        action="status",
        actor_id=actor_id,
        now=now,
        before=before,
    )
    uow.record([redraw_checkin(channel_id, ts), redraw_charter(pilot_id)], now=now)
    return item


def answer(
    uow: UnitOfWork,
    *,
    channel_id: str,
    thread_ts: str,
    user_id: str,
    ts: str,
    text: str,
    now: datetime,
) -> bool:
    """A reply in a check-in's thread, kept as that person's answer (marked when they are not
    on the team), and the check-in redrawn with it. False when it is no check-in's thread,
    or the reply was kept already."""
    posted = _posted(uow, channel_id, thread_ts)
    if posted is None:
        return False
    kept = CheckinRepository(uow).answer(
        posted.checkin.id,
        user_id=user_id,
        ts=ts,
        text=text,
        on_team=_on_team(uow, posted, user_id),
        received_at=now,
    )
    if kept:
        uow.record([redraw_checkin(channel_id, thread_ts)], now=now)
    return kept


def _on_team(uow: UnitOfWork, posted: PostedCheckin, user_id: str) -> bool:
    """The lead, or a member of the team as its roster shows it (watchers are not)."""
    if user_id == posted.pilot.proposer_id:
        return True
    if posted.team is None:
        return False
    team_pk, lead_id = posted.team
    people = TeamRepository(uow).people(team_pk)
    return user_id in {line.user_id for line in roster(lead_id, None, people).members}


def change_answer(
    uow: UnitOfWork,
    *,
    channel_id: str,
    thread_ts: str,
    ts: str,
    text: str | None,
    now: datetime,
) -> None:
    """An answer edited (``text``) or deleted (None) in Slack; the check-in redrawn once an
    answer is gone (who has answered may have changed)."""
    posted = _posted(uow, channel_id, thread_ts)
    if posted is None:
        return
    checkins = CheckinRepository(uow)
    if text is not None:
        checkins.change_answer(posted.checkin.id, ts, text=text, edited_at=now)
        return
    if checkins.change_answer(posted.checkin.id, ts, deleted_at=now):
        uow.record([redraw_checkin(channel_id, thread_ts)], now=now)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A check-in whose owners have not all answered: who to remind, in its thread."""

    workspace: Workspace
    checkin: Checkin
    silent: list[str]


def due_reminders(db: Database, now: datetime) -> list[Reminder]:
    """Claim every check-in whose reminder is due (across workspaces), and who in its
    workspace has not answered yet."""
    with db.across_workspaces() as session:
        claimed = claim_checkin_reminders(session, now)
    found = []
    for ws, checkin in claimed:
        if checkin.remind_at is not None and is_stale(checkin.remind_at, now):
            continue  # missed while nothing ran: a day-old nudge helps nobody
        with db.unit_of_work(ws) as uow:
            snapshot = load_snapshot(uow, actor_id=None, pilot_id=checkin.pilot_id)
            answers = CheckinRepository(uow).answers(checkin.id)
        silent = sorted(_owners(snapshot, checkin.milestone_id) - {user for user, _, _ in answers})
        if silent:
            found.append(Reminder(ws, checkin, silent))
    return found


def _owners(snapshot: PilotSnapshot, milestone_id: int | None) -> set[str]:
    structure = snapshot.structure
    owners = {m.owner_id for m in structure.milestones if m.id == milestone_id}
    owners |= {d.owner_id for d in structure.deliverables_of(milestone_id or 0) if not d.done}
    return owners


def overdue_calls(db: Database, now: datetime) -> list[tuple[Workspace, PilotSnapshot, Milestone]]:
    """Milestones past due and not done, each claimed once (across workspaces) for its
    overdue call."""
    with db.across_workspaces() as session:
        claimed = claim_overdue(session, now)
    found = []
    for ws, pilot_id, milestone_id in claimed:
        with db.unit_of_work(ws) as uow:
            snapshot = load_snapshot(uow, actor_id=None, pilot_id=pilot_id)
        milestone = next((m for m in snapshot.structure.milestones if m.id == milestone_id), None)
        if milestone is not None:
            found.append((ws, snapshot, milestone))
    return found
