"""Every query about check-in schedules and check-ins.

Scheduled work belongs to the database: the scheduler's queries read every workspace and
hand back each row's own; claiming is a conditional update (and, on PostgreSQL, rows
locked with SKIP LOCKED), so that of several instances ticking together exactly one
takes each check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import Cadence, Schedule, zone_of
from slack_app.domain.workspace import Workspace
from slack_app.store.models import (
    CheckinAnswerRow,
    CheckinRow,
    CheckinScheduleRow,
    MilestoneRow,
    PilotRow,
)
from slack_app.store.scoping import in_workspace


class ScheduleRepository:
    def __init__(self, session: Session, workspace: Workspace) -> None:
        self._session = session
        self._workspace = workspace

    def _row(self, pilot_id: int, *, for_update: bool = False) -> CheckinScheduleRow | None:
        query = select(CheckinScheduleRow).where(
            in_workspace(CheckinScheduleRow, self._workspace),
            CheckinScheduleRow.pilot_id == pilot_id,
        )
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def get(self, pilot_id: int, *, for_update: bool = False) -> tuple[Schedule, bool] | None:
        """The schedule and whether it is paused (its row locked, with ``for_update``)."""
        row = self._row(pilot_id, for_update=for_update)
        return None if row is None else (to_schedule(row), row.paused)

    def put(
        self, pilot_id: int, schedule: Schedule, *, since: datetime, paused: bool = False
    ) -> None:
        """Set the schedule; check-ins are due from ``since`` on."""
        row = self._row(pilot_id)
        if row is None:
            row = CheckinScheduleRow(
                team_id=self._workspace.team_id,
                enterprise_id=self._workspace.enterprise_id,
                pilot_id=pilot_id,
            )
            self._session.add(row)
        row.cadence, row.weekday, row.at = schedule.cadence.value, schedule.weekday, schedule.at
        row.zone, row.anchor, row.paused = schedule.zone, schedule.anchor, paused
        row.since = since
        self._session.flush()

    def drop_due(self, pilot_id: int) -> int:
        """Forget check-ins not yet claimed (the schedule changed, or it was paused)."""
        result = self._session.execute(
            delete(CheckinRow).where(
                CheckinRow.team_id == self._workspace.team_id,
                CheckinRow.pilot_id == pilot_id,
                CheckinRow.state == CheckinState.DUE.value,
            )
        )
        return int(getattr(result, "rowcount", 0))


def to_schedule(row: CheckinScheduleRow) -> Schedule:
    return Schedule(Cadence(row.cadence), row.weekday, row.at, row.zone, row.anchor)


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


def add_checkin(session: Session, ws: Workspace, pilot_id: int, due_at: datetime) -> bool:
    """A check-in row for ``due_at``; False when one exists already (another instance)."""
    row = CheckinRow(
        team_id=ws.team_id,
        enterprise_id=ws.enterprise_id,
        pilot_id=pilot_id,
        due_at=due_at,
        state=CheckinState.DUE.value,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


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


def renew(session: Session, checkin_id: int, claim: datetime, now: datetime) -> bool:
    """Keep a claim alive just before posting: False when another process took it over
    (the lease ran out), in which case this one must not post."""
    return finish(session, checkin_id, claim, claimed_at=now)


def finish(session: Session, checkin_id: int, claim: datetime, **values: object) -> bool:
    """Record the outcome of a claim, if the claim (made at ``claim``) is still this
    process's."""
    result = session.execute(
        update(CheckinRow)
        .where(
            CheckinRow.id == checkin_id,
            CheckinRow.state == CheckinState.POSTING.value,
            CheckinRow.claimed_at == claim,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def to_checkin(row: CheckinRow) -> Checkin:
    return Checkin(
        id=row.id,
        pilot_id=row.pilot_id,
        due_at=row.due_at,
        state=CheckinState(row.state),
        claimed_at=row.claimed_at,
        milestone_id=row.milestone_id,
        channel_id=row.channel_id,
        ts=row.ts,
        posted_at=row.posted_at,
        remind_at=row.remind_at,
        reminded_at=row.reminded_at,
        attempts=row.attempts,
    )


class CheckinRepository:
    """A workspace's check-ins, as people answer them."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self._session = session
        self._workspace = workspace

    def posted_at(self, channel_id: str, ts: str) -> Checkin | None:
        """The check-in posted as message ``ts`` in ``channel_id``."""
        query = select(CheckinRow).where(
            in_workspace(CheckinRow, self._workspace),
            CheckinRow.channel_id == channel_id,
            CheckinRow.ts == ts,
        )
        row = self._session.scalars(query).one_or_none()
        return None if row is None else to_checkin(row)

    def answer(
        self,
        checkin_id: int,
        *,
        user_id: str,
        ts: str,
        text: str,
        on_team: bool,
        received_at: datetime,
    ) -> bool:
        """Keep a reply as an answer; False when it was kept already (a retried event)."""
        row = CheckinAnswerRow(
            team_id=self._workspace.team_id,
            enterprise_id=self._workspace.enterprise_id,
            checkin_id=checkin_id,
            user_id=user_id,
            ts=ts,
            text=text,
            on_team=on_team,
            received_at=received_at,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            return False
        return True

    def change_answer(self, checkin_id: int, ts: str, **values: object) -> bool:
        result = self._session.execute(
            update(CheckinAnswerRow)
            .where(
                in_workspace(CheckinAnswerRow, self._workspace),
                CheckinAnswerRow.checkin_id == checkin_id,
                CheckinAnswerRow.ts == ts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def answers(self, checkin_id: int) -> list[tuple[str, str, bool]]:
        """(user, text, on the team) of every answer kept, in the order given."""
        query = (
            select(CheckinAnswerRow)
            .where(
                in_workspace(CheckinAnswerRow, self._workspace),
                CheckinAnswerRow.checkin_id == checkin_id,
                CheckinAnswerRow.deleted_at.is_(None),
            )
            .order_by(CheckinAnswerRow.ts)
        )
        return [(r.user_id, r.text, r.on_team) for r in self._session.scalars(query)]


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
            assert row is not None
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
