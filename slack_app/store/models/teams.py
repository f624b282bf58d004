"""A stand's team, its pilot channel, and who is in (F3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.team import Signal, Standing
from slack_app.store.models.base import Base, SlackTime, UtcDateTime, WorkspaceScoped, status


class TeamRow(WorkspaceScoped, Base):
    """A stand's team and its pilot channel, with the two messages kept in it."""

    __tablename__ = "teams"
    __table_args__ = (
        UniqueConstraint("stand_id"),
        # One channel is the pilot channel of one stand: events find their team by it.
        UniqueConstraint("team_id", "channel_id", name="uq_teams_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stand_id: Mapped[int] = mapped_column(ForeignKey("stands.id", ondelete="CASCADE"))
    lead_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)
    linked: Mapped[bool] = mapped_column(Boolean, default=False)
    vision_ts: Mapped[str | None] = mapped_column(String(32))
    roster_ts: Mapped[str | None] = mapped_column(String(32))
    formed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TeamPersonRow(WorkspaceScoped, Base):
    """One person's signals on one team (see domain.team): the last on and off of each."""

    __tablename__ = "team_people"
    __table_args__ = (UniqueConstraint("team_pk", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_pk: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    reaction_on: Mapped[Decimal | None] = mapped_column(SlackTime)
    reaction_off: Mapped[Decimal | None] = mapped_column(SlackTime)
    button_on: Mapped[Decimal | None] = mapped_column(SlackTime)
    button_off: Mapped[Decimal | None] = mapped_column(SlackTime)
    founder_on: Mapped[Decimal | None] = mapped_column(SlackTime)
    founder_off: Mapped[Decimal | None] = mapped_column(SlackTime)
    channel_on: Mapped[Decimal | None] = mapped_column(SlackTime)
    channel_off: Mapped[Decimal | None] = mapped_column(SlackTime)


class MembershipChangeRow(WorkspaceScoped, Base):
    """History: who moved from what standing to what, when, and through which action."""

    __tablename__ = "membership_changes"
    __table_args__ = (Index("ix_membership_changes_team", "team_pk", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_pk: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    before: Mapped[Standing] = mapped_column(status(Standing, 16))
    after: Mapped[Standing] = mapped_column(status(Standing, 16))
    via: Mapped[Signal] = mapped_column(status(Signal, 16))
    at: Mapped[Decimal] = mapped_column(SlackTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
