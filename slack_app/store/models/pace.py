"""When each channel may next be posted in, shared by every process (see the outbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped


class ChannelPaceRow(WorkspaceScoped, Base):
    """The earliest time the next post in one channel may be made (Slack allows about one
    message a second per channel)."""

    __tablename__ = "channel_pace"
    __table_args__ = (PrimaryKeyConstraint("team_id", "channel_id", name="pk_channel_pace"),)

    channel_id: Mapped[str] = mapped_column(String(32))
    next_at: Mapped[datetime] = mapped_column(UtcDateTime)
