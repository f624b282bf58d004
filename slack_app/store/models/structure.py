"""A pilot's structure (F5): milestones, deliverables, roles, funding, approvals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.structure import ApprovalStatus, FundingStatus, MilestoneStatus, RoleKind
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status


class StructureItem(WorkspaceScoped):
    """What every part of a pilot's structure has: its pilot, and a removal kept as history
    (removed parts leave the charter but never the record)."""

    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_by: Mapped[str | None] = mapped_column(String(32))


class MilestoneRow(StructureItem, Base):
    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    owner_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[MilestoneStatus] = mapped_column(status(MilestoneStatus, 16))
    # Set once the channel has been told it is overdue: the call is made once.
    overdue_called_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeliverableRow(StructureItem, Base):
    __tablename__ = "deliverables"
    __table_args__ = (Index("ix_deliverables_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by: Mapped[str | None] = mapped_column(String(32))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RoleRow(StructureItem, Base):
    __tablename__ = "roles"
    __table_args__ = (Index("ix_roles_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[RoleKind] = mapped_column(status(RoleKind, 16))
    name: Mapped[str] = mapped_column(String(64))
    responsibility: Mapped[str] = mapped_column(Text)
    can_edit: Mapped[bool] = mapped_column(Boolean, default=False)


class FundingRow(StructureItem, Base):
    __tablename__ = "funding_sources"
    __table_args__ = (Index("ix_funding_sources_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[FundingStatus] = mapped_column(status(FundingStatus, 16))
    committed_by: Mapped[str | None] = mapped_column(String(32))


class ApprovalRow(StructureItem, Base):
    __tablename__ = "approvals"
    __table_args__ = (Index("ix_approvals_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    what: Mapped[str] = mapped_column(String(200))
    approver_id: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ApprovalStatus] = mapped_column(status(ApprovalStatus, 24))
    version: Mapped[int] = mapped_column(default=1)
