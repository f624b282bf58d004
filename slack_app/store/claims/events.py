"""Forgetting Events API delivery ids in every workspace at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from slack_app.store.models import ProcessedEventRow


def forget_events_before(session: Session, cutoff: datetime) -> int:
    """Delete the ids of deliveries received before ``cutoff``, in every workspace: their
    retries can no longer arrive. How many went."""
    result = session.execute(
        delete(ProcessedEventRow).where(ProcessedEventRow.received_at < cutoff)
    )
    return int(getattr(result, "rowcount", 0) or 0)
