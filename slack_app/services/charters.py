"""Where a pilot's charter is, and the claim on posting it first."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository

CHARTER_LEASE = timedelta(minutes=2)


def claim_charter(db: Database, ws: Workspace, pilot_id: int, *, now: datetime) -> bool:
    with db.transaction() as session:
        return PilotRepository(session, ws).claim_charter(pilot_id, now=now, lease=CHARTER_LEASE)


def record_charter(
    db: Database, ws: Workspace, pilot_id: int, *, channel_id: str | None, ts: str | None
) -> None:
    """Where the pilot's charter is (None: gone, or not posted after all); ends the claim."""
    with db.transaction() as session:
        PilotRepository(session, ws).set_charter(pilot_id, channel_id=channel_id, ts=ts)
