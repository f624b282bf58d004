"""Claiming the scheduler's nudges across workspaces: check-in reminders, overdue
milestones' calls and decision requests' reminders, each claimed once (a conditional
update: of several instances ticking together exactly one wins) and handed back with its
own workspace.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import zone_of
from slack_app.domain.workspace import Workspace
from slack_app.store.checkins import to_checkin
from slack_app.store.models import CheckinRow, DecisionRow, MilestoneRow, PilotRow


def claim_checkin_reminders(
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


def due_decision_reminders(session: Session, now: datetime, *, limit: int = 100) -> list[int]:
    """Ids of undecided requests whose reminder is due and not yet claimed, any workspace."""
    query = (
        select(DecisionRow.id)
        .where(
            DecisionRow.verdict.is_(None),
            DecisionRow.closed_at.is_(None),
            DecisionRow.reminded_at.is_(None),
            DecisionRow.remind_at <= now,
        )
        .order_by(DecisionRow.remind_at, DecisionRow.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim_decision_reminder(session: Session, decision_id: int, now: datetime) -> Workspace | None:
    """Claim one due reminder for this process (a conditional update, so that of several
    instances ticking together exactly one wins); its workspace, or None when lost."""
    result = session.execute(
        update(DecisionRow)
        .where(
            DecisionRow.id == decision_id,
            DecisionRow.verdict.is_(None),
            DecisionRow.closed_at.is_(None),
            DecisionRow.reminded_at.is_(None),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    row = session.get(DecisionRow, decision_id)
    if row is None:
        raise BrokenInvariant(f"expected decision {decision_id} to read back after it was claimed")
    return Workspace(row.team_id, enterprise_id=row.enterprise_id)
