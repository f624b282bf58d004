"""Pilots of every workspace whose start the scheduler watches for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from slack_app.domain.pilots import Pilot, PilotState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import PilotRow
from slack_app.store.pilots import to_pilot


def approved_pilots(session: Session, *, limit: int = 500) -> list[tuple[Workspace, Pilot]]:
    """Approved pilots of every workspace, waiting for their start date. Only read: each is
    started in a unit of work of its own workspace, by a move that loses to any other."""
    query = (
        select(PilotRow)
        .where(PilotRow.state == PilotState.APPROVED.value)
        .order_by(PilotRow.starts_on, PilotRow.id)
        .limit(limit)
    )
    return [
        (Workspace(row.team_id, enterprise_id=row.enterprise_id), to_pilot(row))
        for row in session.scalars(query)
    ]
