"""Pilots (F4), the decisions put to people, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.decisions import Verdict
from slack_app.domain.pilots import PilotState
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status


class PilotRow(WorkspaceScoped, Base):
    """A stand's pilot proposal (F4) and where it is in its life."""

    __tablename__ = "pilots"
    __table_args__ = (
        # A stand has at most one open pilot: ``open_stand_id`` is the stand's id while the
        # pilot is open and NULL once it is final (NULLs never collide).
        UniqueConstraint("open_stand_id"),
        Index("ix_pilots_workspace_stand", "team_id", "stand_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stand_id: Mapped[int] = mapped_column(ForeignKey("stands.id", ondelete="CASCADE"))
    open_stand_id: Mapped[int | None] = mapped_column()
    proposer_id: Mapped[str] = mapped_column(String(32))
    concept: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    learning: Mapped[str] = mapped_column(Text)
    resources: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    sponsor_id: Mapped[str | None] = mapped_column(String(32))
    shielded: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[PilotState] = mapped_column(status(PilotState, 24))
    version: Mapped[int] = mapped_column(default=1)
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))
    header_channel_id: Mapped[str | None] = mapped_column(String(32))
    header_ts: Mapped[str | None] = mapped_column(String(32))
    charter_channel_id: Mapped[str | None] = mapped_column(String(32))
    charter_ts: Mapped[str | None] = mapped_column(String(32))
    # Set while one request posts the charter, so that two changes at once post it once.
    charter_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DecisionRow(WorkspaceScoped, Base):
    """One request for one person to decide one version of a subject, and what they decided."""

    __tablename__ = "decisions"
    __table_args__ = (
        Index("ix_decisions_subject", "team_id", "subject", "subject_id"),
        Index("ix_decisions_reminder", "remind_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column()
    decider_id: Mapped[str] = mapped_column(String(32))
    requester_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column()
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    verdict: Mapped[Verdict | None] = mapped_column(status(Verdict, 24))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))
    # The one polite reminder: when it is due, and when a tick claimed it (sent once).
    remind_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set when the request can no longer be decided (an edit, a new decider, a withdrawal).
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditRow(WorkspaceScoped, Base):
    """The audit trail: each change of something decided, with who, when, from, to, note."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "team_id", "subject", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column()
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(24))
    before: Mapped[str] = mapped_column(String(24))
    after: Mapped[str] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column()
    at: Mapped[datetime] = mapped_column(UtcDateTime)
