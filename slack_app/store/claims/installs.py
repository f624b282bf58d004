"""slack-sdk's OAuth states, across workspaces: the ones that expired unused are deleted."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from slack_app.store.models import oauth_states


def forget_expired_states(session: Session, now: datetime) -> int:
    """Delete the install states that expired (an install begun and never finished); how
    many. slack-sdk writes their expiry as naive UTC."""
    naive = now.astimezone(UTC).replace(tzinfo=None)
    result = session.execute(delete(oauth_states).where(oauth_states.c.expire_at <= naive))
    return int(getattr(result, "rowcount", 0) or 0)
