"""Every query about decision requests, scoped to one workspace by the unit of work's session.
(The scheduler's reminder claims, across workspaces, are in ``store/claims``.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update

from slack_app.domain.decisions import Decision, Verdict
from slack_app.domain.errors import BrokenInvariant
from slack_app.store.models import DecisionRow
from slack_app.store.repository import Repository


class DecisionRepository(Repository):
    def add(self, request: Decision) -> Decision:
        row = DecisionRow(
            subject=request.subject,
            subject_id=request.subject_id,
            decider_id=request.decider_id,
            requester_id=request.requester_id,
            version=request.version,
            requested_at=request.requested_at,
            remind_at=request.remind_at,
        )
        self._session.add(row)
        self._session.flush()
        return to_decision(row)

    def get(self, decision_id: int) -> Decision | None:
        query = select(DecisionRow).where(DecisionRow.id == decision_id)
        row = self._session.scalars(query).one_or_none()
        return None if row is None else to_decision(row)

    def of_subject(self, subject: str, subject_id: int) -> list[Decision]:
        """Every request about the subject, oldest first."""
        query = (
            select(DecisionRow)
            .where(
                DecisionRow.subject == subject,
                DecisionRow.subject_id == subject_id,
            )
            .order_by(DecisionRow.id)
        )
        return [to_decision(row) for row in self._session.scalars(query)]

    def pending_of(self, subject: str, subject_id: int) -> list[Decision]:
        return [d for d in self.of_subject(subject, subject_id) if d.pending]

    def close_pending(self, subject: str, subject_id: int, now: datetime) -> list[Decision]:
        """Requests about the subject that can no longer be decided (it changed or was
        withdrawn): closed, with no reminder. Returns them as they were, to redraw their DMs."""
        closing = self.pending_of(subject, subject_id)
        if not closing:
            return []
        self._session.execute(
            update(DecisionRow)
            .where(
                DecisionRow.id.in_([d.id for d in closing]),
                DecisionRow.verdict.is_(None),
            )
            .values(closed_at=now, remind_at=None)
        )
        return [replace(d, closed_at=now, remind_at=None) for d in closing]

    def set_dm(self, decision_id: int, *, channel_id: str, ts: str) -> None:
        self._session.execute(
            update(DecisionRow)
            .where(DecisionRow.id == decision_id)
            .values(dm_channel_id=channel_id, dm_ts=ts)
        )

    def record(self, decided: Decision) -> bool:
        """Store the verdict once: False when another press decided it first."""
        if decided.verdict is None:
            raise BrokenInvariant(f"expected decision {decided.id} to have a verdict when recorded")
        result = self._session.execute(
            update(DecisionRow)
            .where(
                DecisionRow.id == decided.id,
                DecisionRow.verdict.is_(None),
                DecisionRow.closed_at.is_(None),
            )
            .values(verdict=decided.verdict.value, note=decided.note, decided_at=decided.decided_at)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def unclaim_reminder(self, decision_id: int) -> None:
        """The reminder could not be sent: let the next tick try again."""
        self._session.execute(
            update(DecisionRow).where(DecisionRow.id == decision_id).values(reminded_at=None)
        )


def to_decision(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id,
        subject=row.subject,
        subject_id=row.subject_id,
        decider_id=row.decider_id,
        version=row.version,
        requested_at=row.requested_at,
        verdict=None if row.verdict is None else Verdict(row.verdict),
        note=row.note,
        decided_at=row.decided_at,
        requester_id=row.requester_id,
        dm_channel_id=row.dm_channel_id,
        dm_ts=row.dm_ts,
        remind_at=row.remind_at,
        reminded_at=row.reminded_at,
        closed_at=row.closed_at,
    )
