"""Events API deliveries: each kept from its ack until its work is committed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.events import EventState
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status


class ProcessedEventRow(WorkspaceScoped, Base):
    """An Events API delivery, kept with its body until handled, so that a failure after
    the ack is replayed, and Slack's retries of it are applied once."""

    __tablename__ = "processed_events"
    __table_args__ = (Index("ix_processed_events_due", "state", "due_at"),)

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[EventState] = mapped_column(status(EventState, 16), default=EventState.HANDLED)
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
