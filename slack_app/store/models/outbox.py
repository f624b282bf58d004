"""The outbox: Slack effects recorded with the change that implies them, until delivered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.domain.outbox import EffectKind, EffectState
from slack_app.store.models.base import Base, UtcDateTime, WorkspaceScoped, status

WAITING = text("state = 'waiting'")


class EffectRow(WorkspaceScoped, Base):
    """One effect to deliver, its state, and how its delivery went so far."""

    __tablename__ = "outbox"
    __table_args__ = (
        # Redraws of one surface coalesce: at most one waits (ON CONFLICT DO NOTHING).
        Index(
            "uq_outbox_waiting_surface",
            "team_id",
            "surface",
            unique=True,
            sqlite_where=WAITING,
            postgresql_where=WAITING,
        ),
        Index("ix_outbox_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EffectKind] = mapped_column(status(EffectKind, 32))
    payload: Mapped[dict[str, int | str]] = mapped_column(JSON)
    surface: Mapped[str | None] = mapped_column(String(120))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[EffectState] = mapped_column(status(EffectState, 16))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(32))  # the claim, not the clock
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
