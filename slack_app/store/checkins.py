"""Check-ins of one workspace: found by their message, the answers in their threads, and
what their message shows of the pilot's structure.

Every query runs in a unit of work's session, whose hook scopes it to the workspace. New
rows are written by INSERT … ON CONFLICT DO NOTHING, which the hook does not stamp: they
carry their workspace themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, update

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.pilots import Pilot
from slack_app.domain.schedules import Schedule
from slack_app.domain.structure import Approval, Deliverable, Funding, Milestone
from slack_app.store.checkin_schedules import to_schedule
from slack_app.store.models import (
    ApprovalRow,
    CheckinAnswerRow,
    CheckinRow,
    CheckinScheduleRow,
    DeliverableRow,
    FundingRow,
    MilestoneRow,
    PilotRow,
    TeamRow,
)
from slack_app.store.pilots import to_pilot
from slack_app.store.repository import Repository
from slack_app.store.structure import to_approval, to_deliverable, to_funding, to_milestone
from slack_app.store.upsert import upsert


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


@dataclass(frozen=True, slots=True)
class PostedCheckin:
    """A posted check-in with its pilot, found by its message in one query."""

    checkin: Checkin
    pilot: Pilot
    schedule: tuple[Schedule, bool] | None  # and whether it is paused; None: never set
    team: tuple[int, str] | None  # the pilot's team (its key, its lead), once formed


class CheckinRepository(Repository):
    """A workspace's check-ins, as people answer them."""

    def posted_at(self, channel_id: str, ts: str) -> PostedCheckin | None:
        """The check-in posted as message ``ts`` in ``channel_id``, with its pilot."""
        query = (
            select(CheckinRow, PilotRow, CheckinScheduleRow, TeamRow.id, TeamRow.lead_id)
            .join(PilotRow, PilotRow.id == CheckinRow.pilot_id)
            .outerjoin(CheckinScheduleRow, CheckinScheduleRow.pilot_id == PilotRow.id)
            .outerjoin(TeamRow, TeamRow.stand_id == PilotRow.stand_id)
            .where(CheckinRow.channel_id == channel_id, CheckinRow.ts == ts)
        )
        found = self._session.execute(query).one_or_none()
        if found is None:
            return None
        checkin, pilot, schedule, team_pk, lead_id = found
        return PostedCheckin(
            to_checkin(checkin),
            to_pilot(pilot),
            None if schedule is None else (to_schedule(schedule), schedule.paused),
            None if team_pk is None else (team_pk, lead_id),
        )

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
        values = {
            "team_id": self._workspace.team_id,
            "enterprise_id": self._workspace.enterprise_id,
            "checkin_id": checkin_id,
            "user_id": user_id,
            "ts": ts,
            "text": text,
            "on_team": on_team,
            "received_at": received_at,
        }
        kept = self._session.scalars(
            upsert(self._session, CheckinAnswerRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["checkin_id", "ts"])
            .returning(CheckinAnswerRow.id)
        )
        return kept.first() is not None

    def change_answer(self, checkin_id: int, ts: str, **values: object) -> bool:
        result = self._session.execute(
            update(CheckinAnswerRow)
            .where(CheckinAnswerRow.checkin_id == checkin_id, CheckinAnswerRow.ts == ts)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def answers(self, checkin_id: int) -> list[tuple[str, str, bool]]:
        """(user, text, on the team) of every answer kept, in the order given."""
        query = (
            select(CheckinAnswerRow)
            .where(
                CheckinAnswerRow.checkin_id == checkin_id,
                CheckinAnswerRow.deleted_at.is_(None),
            )
            .order_by(CheckinAnswerRow.ts)
        )
        return [(r.user_id, r.text, r.on_team) for r in self._session.scalars(query)]

    def milestones(self, pilot_id: int) -> tuple[list[Milestone], list[Deliverable]]:
        """The pilot's live milestones and their live deliverables, in one query: what
        owners change from a check-in's buttons."""
        query = (
            select(MilestoneRow, DeliverableRow)
            .outerjoin(
                DeliverableRow,
                and_(
                    DeliverableRow.milestone_id == MilestoneRow.id,
                    DeliverableRow.removed_at.is_(None),
                ),
            )
            .where(MilestoneRow.pilot_id == pilot_id, MilestoneRow.removed_at.is_(None))
            .order_by(MilestoneRow.id, DeliverableRow.id)
        )
        milestones: dict[int, Milestone] = {}
        deliverables: list[Deliverable] = []
        for milestone, deliverable in self._session.execute(query):
            milestones.setdefault(milestone.id, to_milestone(milestone))
            if deliverable is not None:
                deliverables.append(to_deliverable(deliverable))
        deliverables.sort(key=lambda d: d.id)  # as the structure lists them
        return list(milestones.values()), deliverables

    def waiting_on(self, pilot_id: int) -> tuple[list[Approval], list[Funding]]:
        """The pilot's live approvals and funding sources: what a check-in says still waits."""
        approvals = self._session.scalars(
            select(ApprovalRow)
            .where(ApprovalRow.pilot_id == pilot_id, ApprovalRow.removed_at.is_(None))
            .order_by(ApprovalRow.id)
        )
        funding = self._session.scalars(
            select(FundingRow)
            .where(FundingRow.pilot_id == pilot_id, FundingRow.removed_at.is_(None))
            .order_by(FundingRow.id)
        )
        return [to_approval(r) for r in approvals], [to_funding(r) for r in funding]
