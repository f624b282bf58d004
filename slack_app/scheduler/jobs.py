"""The due work `slack-app tick` (and, later, each process's ticker) runs as of an instant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from slack_app.store.database import Database
from slack_app.store.models import ProcessedEventRow

# Slack gives up retrying an event within minutes; a day of event ids is plenty to
# recognise every retry, and keeps the table small.
EVENT_MEMORY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    done: int


def forget_old_events(db: Database, at: datetime) -> JobResult:
    """Drop event ids older than a day: their retries can no longer arrive."""
    with db.transaction() as session:
        result = session.execute(
            delete(ProcessedEventRow).where(ProcessedEventRow.received_at < at - EVENT_MEMORY)
        )
    return JobResult("forget old event ids", int(getattr(result, "rowcount", 0) or 0))


JOBS: list[Callable[[Database, datetime], JobResult]] = [forget_old_events]


def run_due_work(db: Database, at: datetime) -> list[JobResult]:
    """Run every job once, as of ``at``."""
    return [job(db, at) for job in JOBS]
