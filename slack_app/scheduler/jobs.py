"""The due work `slack-app tick` and each process's ticker run as of an instant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_app.services.events import forget_old_events
from slack_app.store.database import Database


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    done: int


def forget_old_event_ids(db: Database, at: datetime) -> JobResult:
    return JobResult("forget old event ids", forget_old_events(db, at))


JOBS: list[Callable[[Database, datetime], JobResult]] = [forget_old_event_ids]


def run_due_work(db: Database, at: datetime) -> list[JobResult]:
    """Run every job once, as of ``at``."""
    return [job(db, at) for job in JOBS]
