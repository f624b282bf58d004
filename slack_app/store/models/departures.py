"""Workspaces that uninstalled Stand, whose data waits to be deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from slack_app.store.models.base import Base, UtcDateTime


class DepartureRow(Base):
    """A workspace, or a whole Enterprise Grid org installed org-wide (``team_id`` None),
    that uninstalled Stand or revoked its token. Its rows are deleted, in batches, once
    ``purge_after`` has come; a reinstall before then keeps them. Not a workspace's row:
    it outlives the rows it deletes, and only the scheduler reads it."""

    __tablename__ = "departures"

    key: Mapped[str] = mapped_column(String(70), primary_key=True)  # "T…" or "E…/" (an org)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    departed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    purge_after: Mapped[datetime] = mapped_column(UtcDateTime)
    why: Mapped[str] = mapped_column(String(32))
