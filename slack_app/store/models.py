"""SQLAlchemy 2 typed models. Every table carries its workspace (team_id, enterprise_id)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no time zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkspaceScoped:
    """The columns that make a row belong to one workspace."""

    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))


class StandRow(WorkspaceScoped, Base):
    """A declared stand."""

    __tablename__ = "stands"
    __table_args__ = (Index("ix_stands_workspace_author", "team_id", "author_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    situation: Mapped[str] = mapped_column(Text)
    not_going: Mapped[str] = mapped_column(Text)
    going: Mapped[str] = mapped_column(Text)
    by_when: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="declared")
    first_follower_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    declaration_ts: Mapped[str | None] = mapped_column(String(32))
    # Set while one request posts the declaration, so a second press does not post twice.
    declaring_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set while one request creates the stand's pilot channel, so a second cannot.
    forming_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedEventRow(WorkspaceScoped, Base):
    """An Events API delivery already handled, so that Slack's retries are applied once."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


# Slack timestamps ("1718950500.123456"), exact: they order people's actions.
SlackTime = Numeric(17, 6)


class FirstFollowerAskRow(WorkspaceScoped, Base):
    """The author asked someone "What do you think about this idea?"; their answer."""

    __tablename__ = "first_follower_asks"
    __table_args__ = (UniqueConstraint("stand_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stand_id: Mapped[int] = mapped_column(ForeignKey("stands.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answer: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))


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
    before: Mapped[str] = mapped_column(String(16))
    after: Mapped[str] = mapped_column(String(16))
    via: Mapped[str] = mapped_column(String(16))
    at: Mapped[Decimal] = mapped_column(SlackTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


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
    state: Mapped[str] = mapped_column(String(24))
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
    verdict: Mapped[str | None] = mapped_column(String(24))
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
    status: Mapped[str] = mapped_column(String(16))
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
    kind: Mapped[str] = mapped_column(String(16))
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
    status: Mapped[str] = mapped_column(String(16))
    committed_by: Mapped[str | None] = mapped_column(String(32))


class ApprovalRow(StructureItem, Base):
    __tablename__ = "approvals"
    __table_args__ = (Index("ix_approvals_pilot", "team_id", "pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    what: Mapped[str] = mapped_column(String(200))
    approver_id: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(default=1)


class CheckinScheduleRow(WorkspaceScoped, Base):
    """A pilot's check-in schedule: a local time in an IANA zone, never a UTC offset."""

    __tablename__ = "checkin_schedules"
    __table_args__ = (UniqueConstraint("pilot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    cadence: Mapped[str] = mapped_column(String(16))
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
    state: Mapped[str] = mapped_column(String(16), default="due")
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
