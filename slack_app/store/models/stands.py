"""Stands and the first follower asked about each (F1, F2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.followers import Answer
from slack_app.domain.stands import Source, StandStatus
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status


class StandRow(WorkspaceScoped, Base):
    """A declared stand."""

    __tablename__ = "stands"
    __table_args__ = (Index("ix_stands_workspace_author", "team_id", "author_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[str] = mapped_column(String(32))
    source: Mapped[Source] = mapped_column(status(Source, 16))
    situation: Mapped[str] = mapped_column(Text)
    not_going: Mapped[str] = mapped_column(Text)
    going: Mapped[str] = mapped_column(Text)
    by_when: Mapped[date] = mapped_column(Date)
    status: Mapped[StandStatus] = mapped_column(
        status(StandStatus, 16), default=StandStatus.DECLARED
    )
    first_follower_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    declaration_ts: Mapped[str | None] = mapped_column(String(32))
    # Set while one request posts the declaration, so a second press does not post twice.
    declaring_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set while one request creates the stand's pilot channel, so a second cannot.
    forming_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FirstFollowerAskRow(WorkspaceScoped, Base):
    """The author asked someone "What do you think about this idea?"; their answer."""

    __tablename__ = "first_follower_asks"
    __table_args__ = (UniqueConstraint("stand_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stand_id: Mapped[int] = mapped_column(ForeignKey("stands.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answer: Mapped[Answer | None] = mapped_column(status(Answer, 16))
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))
