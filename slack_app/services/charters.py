"""Where a pilot's charter is, and the claim on posting it first."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_app.store.pilots import PilotRepository
from slack_app.store.unit_of_work import UnitOfWork

CHARTER_LEASE = timedelta(minutes=2)


def claim_charter(uow: UnitOfWork, pilot_id: int, *, now: datetime) -> bool:
    """True when this request is to post the pilot's first charter (no other is posting it)."""
    pilots = PilotRepository(uow)
    return pilots.claim_charter(pilot_id, now=now, lease=CHARTER_LEASE)


def record_charter(
    uow: UnitOfWork, pilot_id: int, *, channel_id: str | None, ts: str | None
) -> None:
    """Where the pilot's charter is (None: gone, or not posted after all); ends the claim."""
    PilotRepository(uow).set_charter(pilot_id, channel_id=channel_id, ts=ts)
