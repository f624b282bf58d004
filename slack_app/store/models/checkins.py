"""Check-ins (F6): schedules, the check-ins due and posted, and their answers."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.checkins import CheckinState
from slack_app.domain.schedules import Cadence
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status


class CheckinScheduleRow(WorkspaceScoped, Base):
    """A pilot's check-in schedule: a local time in an IANA zone, never a UTC offset."""

    __tablename__ = "checkin_schedules"
    __table_args__ = (UniqueConstraint("pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    cadence: Mapped[Cadence] = mapped_column(status(Cadence, 16))
    weekday: Mapped[int] = mapped_column()
    at: Mapped[time] = mapped_column(Time)
    zone: Mapped[str] = mapped_column(String(64))
    anchor: Mapped[date] = mapped_column(Date)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # Check-ins are due from this instant on (set, or resumed): the first is the next after.
    since: Mapped[datetime] = mapped_column(UtcDateTime)


class CheckinRow(WorkspaceScoped, Base):
    """One milestone check-in due at one instant: claimed, posted (with its ts) or skipped.

    The row, not the process, owns the work: whoever claims it posts it, once.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("pilot_id", "due_at", name="uq_checkins_pilot_due"),
        Index("ix_checkins_state_due", "state", "due_at"),
        Index("ix_checkins_message", "team_id", "channel_id", "ts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[CheckinState] = mapped_column(status(CheckinState, 16), default=CheckinState.DUE)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # How many times it was claimed: after the first, the post may already be in Slack.
    attempts: Mapped[int] = mapped_column(default=0)
    milestone_id: Mapped[int | None] = mapped_column()
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    remind_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CheckinAnswerRow(WorkspaceScoped, Base):
    """A reply in a check-in's thread: someone's answer, kept with whether they are on the
    team (an answer from outside the team is kept, and marked so)."""

    __tablename__ = "checkin_answers"
    __table_args__ = (UniqueConstraint("checkin_id", "ts", name="uq_checkin_answers_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    on_team: Mapped[bool] = mapped_column(Boolean)
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
