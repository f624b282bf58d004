"""Planning due check-ins across workspaces, claiming them, and loading what a claimed
batch needs to be posted.

Each row hands back its own workspace. Claiming is a conditional update (and, on
PostgreSQL, rows locked with SKIP LOCKED), so that of several instances ticking together
exactly one takes each check-in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.pilots import Pilot, PilotState
from slack_app.domain.schedules import Schedule
from slack_app.domain.structure import Kind, Structure
from slack_app.domain.workspace import Workspace
from slack_app.store.checkin_schedules import to_schedule
from slack_app.store.checkins import to_checkin
from slack_app.store.models import CheckinRow, CheckinScheduleRow, PilotRow, TeamRow
from slack_app.store.pilots import to_pilot
from slack_app.store.structure import CONVERT, ROWS
from slack_app.store.upsert import upsert


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
    added = session.scalars(
        upsert(session, CheckinRow)
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
    session: Session,
    now: datetime,
    *,
    lease: timedelta,
    limit: int,
    passing_over: frozenset[str] = frozenset(),
) -> list[tuple[Workspace, Checkin, bool]]:
    """Claim up to ``limit`` due (or abandoned) check-ins, oldest first, for this process;
    each with whether it was taken over from a process that died mid-post. Those of the
    workspaces ``passing_over`` names are left (no installation there: they wait).

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so two instances claiming
    at once take disjoint sets; the update is conditional besides, and on SQLite the whole
    transaction holds the database (BEGIN IMMEDIATE).
    """
    query = (
        select(CheckinRow.id)
        .where(_claimable(now, lease), CheckinRow.team_id.not_in(passing_over))
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
