"""The scheduler's work across workspaces: planning due check-ins, claiming them, loading
what a batch of posts needs, recording the posts, and claiming reminders and overdue calls.

The only module whose queries read every workspace (through sessions opened across
workspaces): each row hands back its own workspace. Claiming is a conditional update (and,
on PostgreSQL, rows locked with SKIP LOCKED), so that of several instances ticking together
exactly one takes each check-in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.pilots import Pilot, PilotState
from slack_app.domain.schedules import Schedule, zone_of
from slack_app.domain.structure import Kind, Structure
from slack_app.domain.workspace import Workspace
from slack_app.store.checkin_schedules import to_schedule
from slack_app.store.checkins import to_checkin
from slack_app.store.models import (
    CheckinRow,
    CheckinScheduleRow,
    MilestoneRow,
    PilotRow,
    TeamRow,
)
from slack_app.store.pilots import to_pilot
from slack_app.store.structure import CONVERT, ROWS


@dataclass(frozen=True, slots=True)
class Unplanned:
    """A running pilot whose next check-in has no row yet."""

    workspace: Workspace
    pilot_id: int
    schedule: Schedule
    last_due: datetime | None
    since: datetime


def unplanned(session: Session, *, limit: int = 1000) -> list[Unplanned]:
    """Running pilots with an active schedule and no check-in waiting to be posted."""
    waiting = select(CheckinRow.pilot_id).where(
        CheckinRow.state.in_([CheckinState.DUE.value, CheckinState.POSTING.value])
    )
    last = (
        select(CheckinRow.pilot_id, func.max(CheckinRow.due_at).label("last_due"))
        .group_by(CheckinRow.pilot_id)
        .subquery()
    )
    query = (
        select(
            PilotRow.team_id,
            PilotRow.enterprise_id,
            PilotRow.id,
            CheckinScheduleRow,
            last.c.last_due,
        )
        .join(CheckinScheduleRow, CheckinScheduleRow.pilot_id == PilotRow.id)
        .outerjoin(last, last.c.pilot_id == PilotRow.id)
        .where(
            PilotRow.state == PilotState.RUNNING.value,
            CheckinScheduleRow.paused.is_(False),
            PilotRow.id.not_in(waiting),
        )
        .order_by(PilotRow.id)
        .limit(limit)
    )
    return [
        Unplanned(
            Workspace(team, enterprise_id=enterprise),
            pilot_id,
            to_schedule(row),
            last_due,
            row.since,
        )
        for team, enterprise, pilot_id, row, last_due in session.execute(query)
    ]


def locked_schedules(session: Session, pilot_ids: list[int]) -> dict[int, tuple[Schedule, bool]]:
    """Each pilot's schedule and whether it is paused, the rows locked until the transaction
    ends (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the whole database)."""
    query = (
        select(CheckinScheduleRow)
        .where(CheckinScheduleRow.pilot_id.in_(pilot_ids))
        .with_for_update()
    )
    return {row.pilot_id: (to_schedule(row), row.paused) for row in session.scalars(query)}


def add_checkins(session: Session, due: list[tuple[Workspace, int, datetime]]) -> int:
    """A check-in row for each (workspace, pilot id, due at), in one statement (for up to
    a thousand); those another instance added already are left as they are. How many were
    added."""
    if not due:
        return 0
    values = [
        {
            "team_id": ws.team_id,
            "enterprise_id": ws.enterprise_id,
            "pilot_id": pilot_id,
            "due_at": due_at,
            "state": CheckinState.DUE.value,
        }
        for ws, pilot_id, due_at in due
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    added = session.scalars(
        insert(CheckinRow)
        .on_conflict_do_nothing(index_elements=["pilot_id", "due_at"])
        .returning(CheckinRow.id),
        values,
    )
    return len(added.all())


def _claimable(now: datetime, lease: timedelta) -> ColumnElement[bool]:
    due = and_(CheckinRow.state == CheckinState.DUE.value, CheckinRow.due_at <= now)
    abandoned = and_(  # claimed by a process that died before it finished
        CheckinRow.state == CheckinState.POSTING.value, CheckinRow.claimed_at < now - lease
    )
    return or_(due, abandoned)


def claim_due(
    session: Session, now: datetime, *, lease: timedelta, limit: int
) -> list[tuple[Workspace, Checkin, bool]]:
    """Claim up to ``limit`` due (or abandoned) check-ins, oldest first, for this process;
    each with whether it was taken over from a process that died mid-post.

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so two instances claiming
    at once take disjoint sets; the update is conditional besides, and on SQLite the whole
    transaction holds the database (BEGIN IMMEDIATE).
    """
    query = (
        select(CheckinRow.id)
        .where(_claimable(now, lease))
        .order_by(CheckinRow.due_at, CheckinRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(query))
    if not ids:
        return []
    abandoned = set(
        session.scalars(
            select(CheckinRow.id).where(
                CheckinRow.id.in_(ids), CheckinRow.state == CheckinState.POSTING.value
            )
        )
    )
    session.execute(
        update(CheckinRow)
        .where(CheckinRow.id.in_(ids), _claimable(now, lease))
        .values(state=CheckinState.POSTING.value, claimed_at=now, attempts=CheckinRow.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    rows = session.scalars(
        select(CheckinRow).where(CheckinRow.id.in_(ids)).order_by(CheckinRow.due_at, CheckinRow.id)
    )
    return [
        (Workspace(r.team_id, enterprise_id=r.enterprise_id), to_checkin(r), r.id in abandoned)
        for r in rows
        if r.claimed_at == now and r.state == CheckinState.POSTING.value
    ]


@dataclass(frozen=True, slots=True)
class CheckinPilot:
    """What posting a check-in needs of its pilot."""

    pilot: Pilot
    channel_id: str | None  # the pilot channel, once its team has one
    schedule: tuple[Schedule, bool] | None  # and whether it is paused; None: never set


def checkin_pilots(session: Session, pilot_ids: Iterable[int]) -> dict[int, CheckinPilot]:
    """The pilots of a batch of check-ins, with their channels and schedules: one query,
    however many. It reads across workspaces: the ids are the check-ins' own, and each
    pilot is in its check-in's workspace."""
    query = (
        select(PilotRow, TeamRow.channel_id, CheckinScheduleRow)
        .outerjoin(TeamRow, TeamRow.stand_id == PilotRow.stand_id)
        .outerjoin(CheckinScheduleRow, CheckinScheduleRow.pilot_id == PilotRow.id)
        .where(PilotRow.id.in_(set(pilot_ids)))
    )
    return {
        pilot.id: CheckinPilot(
            to_pilot(pilot),
            channel_id,
            None if schedule is None else (to_schedule(schedule), schedule.paused),
        )
        for pilot, channel_id, schedule in session.execute(query)
    }


def structures_of(session: Session, pilot_ids: Iterable[int]) -> dict[int, Structure]:
    """Each pilot's whole live structure: five queries, however many pilots and parts."""
    ids = set(pilot_ids)
    parts: dict[Kind, dict[int, list[Any]]] = {}
    for kind, model in ROWS.items():
        query = (
            select(model)
            .where(model.pilot_id.in_(ids), model.removed_at.is_(None))
            .order_by(model.id)
        )
        parts[kind] = defaultdict(list)
        for row in session.scalars(query):
            parts[kind][row.pilot_id].append(CONVERT[kind](row))
    return {
        pilot_id: Structure(
            milestones=parts[Kind.MILESTONE][pilot_id],
            deliverables=parts[Kind.DELIVERABLE][pilot_id],
            roles=parts[Kind.ROLE][pilot_id],
            funding=parts[Kind.FUNDING][pilot_id],
            approvals=parts[Kind.APPROVAL][pilot_id],
        )
        for pilot_id in ids
    }


def renew(session: Session, claims: Mapping[int, datetime], now: datetime) -> set[int]:
    """Keep claims (check-in id: when claimed) alive before posting: the ids still this
    process's. Another process took the others over (their lease ran out): this one must
    not post them. One statement per claim time (a batch is claimed at one instant)."""
    kept: set[int] = set()
    for claim, ids in _by_claim(claims).items():
        kept.update(
            session.scalars(
                update(CheckinRow)
                .where(CheckinRow.id.in_(ids), _still_claimed(claim))
                .values(claimed_at=now)
                .returning(CheckinRow.id)
                .execution_options(synchronize_session=False)
            )
        )
    return kept


def finish(session: Session, checkin_id: int, claim: datetime, **values: object) -> bool:
    """Record the outcome of a claim, if the claim (made at ``claim``) is still this
    process's."""
    result = session.execute(
        update(CheckinRow)
        .where(CheckinRow.id == checkin_id, _still_claimed(claim))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def record_post(
    session: Session,
    checkin_id: int,
    claim: datetime,
    *,
    channel_id: str,
    ts: str,
    milestone_id: int | None,
    remind_at: datetime | None,
    posted_at: datetime,
) -> bool:
    """``finish`` for a post, by a statement built once: it runs for every check-in posted,
    and building an UPDATE costs more than running it."""
    result = session.execute(
        _RECORD_POST,
        {
            "checkin_id": checkin_id,
            "claim": claim,
            "channel_id": channel_id,
            "ts": ts,
            "milestone_id": milestone_id,
            "remind_at": remind_at,
            "posted_at": posted_at,
        },
    )
    return bool(getattr(result, "rowcount", 0))


def finish_all(session: Session, claims: Mapping[int, datetime], **values: object) -> int:
    """Record one outcome for many claims (check-in id: when claimed), those still this
    process's: one statement per claim time. How many were recorded."""
    done = 0
    for claim, ids in _by_claim(claims).items():
        result = session.execute(
            update(CheckinRow)
            .where(CheckinRow.id.in_(ids), _still_claimed(claim))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        done += int(getattr(result, "rowcount", 0))
    return done


def _still_claimed(claim: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Rows still claimed as they were at ``claim``: by this process, not taken over."""
    return and_(CheckinRow.state == CheckinState.POSTING.value, CheckinRow.claimed_at == claim)


_RECORD_POST = (
    update(CheckinRow)
    .where(CheckinRow.id == bindparam("checkin_id"), _still_claimed(bindparam("claim")))
    .values(
        state=CheckinState.POSTED.value,
        channel_id=bindparam("channel_id"),
        ts=bindparam("ts"),
        milestone_id=bindparam("milestone_id"),
        remind_at=bindparam("remind_at"),
        posted_at=bindparam("posted_at"),
    )
    .execution_options(synchronize_session=False)
)


def _by_claim(claims: Mapping[int, datetime]) -> dict[datetime, list[int]]:
    grouped: dict[datetime, list[int]] = defaultdict(list)
    for checkin_id, claim in claims.items():
        grouped[claim].append(checkin_id)
    return grouped


def claim_reminders(
    session: Session, now: datetime, *, limit: int = 200
) -> list[tuple[Workspace, Checkin]]:
    """Posted check-ins whose reminder is due: claimed (once, by a conditional update)."""
    query = (
        select(CheckinRow.id)
        .where(
            CheckinRow.state == CheckinState.POSTED.value,
            CheckinRow.remind_at <= now,
            CheckinRow.reminded_at.is_(None),
        )
        .order_by(CheckinRow.remind_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for checkin_id in list(session.scalars(query)):
        result = session.execute(
            update(CheckinRow)
            .where(CheckinRow.id == checkin_id, CheckinRow.reminded_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0):
            row = session.get(CheckinRow, checkin_id)
            if row is None:
                raise BrokenInvariant(f"check-in {checkin_id} claimed but not found")
            claimed.append(
                (Workspace(row.team_id, enterprise_id=row.enterprise_id), to_checkin(row))
            )
    return claimed


def claim_overdue(session: Session, now: datetime) -> list[tuple[Workspace, int, int]]:
    """Milestones of running pilots past their due date on the lead's own calendar, not done,
    not yet called out: claimed once. (workspace, pilot id, milestone id)."""
    latest_today = (now + timedelta(days=1)).date()  # no zone is further ahead than a day
    query = (
        select(
            MilestoneRow.id,
            MilestoneRow.pilot_id,
            MilestoneRow.team_id,
            MilestoneRow.enterprise_id,
            MilestoneRow.due_on,
            PilotRow.zone,
        )
        .join(PilotRow, PilotRow.id == MilestoneRow.pilot_id)
        .where(
            PilotRow.state == PilotState.RUNNING.value,
            MilestoneRow.removed_at.is_(None),
            MilestoneRow.status != "done",
            MilestoneRow.due_on < latest_today,
            MilestoneRow.overdue_called_at.is_(None),
        )
        .order_by(MilestoneRow.due_on, MilestoneRow.id)
    )
    claimed = []
    for milestone_id, pilot_id, team, enterprise, due_on, zone in list(session.execute(query)):
        if due_on >= now.astimezone(zone_of(zone)).date():
            continue  # still its due day (or before) where the lead is
        result = session.execute(
            update(MilestoneRow)
            .where(MilestoneRow.id == milestone_id, MilestoneRow.overdue_called_at.is_(None))
            .values(overdue_called_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0):
            claimed.append((Workspace(team, enterprise_id=enterprise), pilot_id, milestone_id))
    return claimed
