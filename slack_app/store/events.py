"""Claims on Events API deliveries: Slack retries, the app does the work once."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slack_app.domain.workspace import Workspace
from slack_app.store.models import ProcessedEventRow


def claim_event(session: Session, workspace: Workspace, event_id: str) -> bool:
    """True the first time ``event_id`` is seen; False for every retry or duplicate.

    The primary key does the work, so two instances racing on the same delivery cannot
    both win.
    """
    row = ProcessedEventRow(
        team_id=workspace.team_id, enterprise_id=workspace.enterprise_id, event_id=event_id
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True
