"""Events API deliveries already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped


class ProcessedEventRow(WorkspaceScoped, Base):
    """An Events API delivery already handled, so that Slack's retries are applied once."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
