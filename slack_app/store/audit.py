"""Every query about the audit trail, scoped to one workspace by the unit of work's session."""

from __future__ import annotations

from sqlalchemy import select

from slack_app.domain.audit import Entry
from slack_app.store.models import AuditRow
from slack_app.store.repository import Repository


class AuditRepository(Repository):
    def add(self, entry: Entry) -> None:
        self._session.add(
            AuditRow(
                subject=entry.subject,
                subject_id=entry.subject_id,
                actor_id=entry.actor_id,
                action=entry.action,
                before=entry.before,
                after=entry.after,
                note=entry.note,
                version=entry.version,
                at=entry.at,
            )
        )
        self._session.flush()

    def of(self, subject: str, subject_id: int) -> list[Entry]:
        """The subject's trail, oldest first (ties in order of recording)."""
        query = (
            select(AuditRow)
            .where(
                AuditRow.subject == subject,
                AuditRow.subject_id == subject_id,
            )
            .order_by(AuditRow.at, AuditRow.id)
        )
        return [
            Entry(
                subject=row.subject,
                subject_id=row.subject_id,
                actor_id=row.actor_id,
                action=row.action,
                before=row.before,
                after=row.after,
                at=row.at,
                note=row.note,
                version=row.version,
            )
            for row in self._session.scalars(query)
        ]
