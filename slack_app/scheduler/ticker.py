"""Each process's ticker: APScheduler only wakes up and runs the due work.

What is due lives in the database, not in the scheduler, so a restart loses nothing and
several instances can tick side by side; each job body claims its rows itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from slack_app.clock import utcnow
from slack_app.scheduler.jobs import run_due_work
from slack_app.slack.clients import Clients
from slack_app.store.database import Database

log = logging.getLogger(__name__)
TICK_SECONDS = 60.0


def start_ticker(
    db: Database,
    *,
    now: Callable[[], datetime],
    client: WebClient | Clients | None = None,
    every_seconds: float = TICK_SECONDS,
) -> BackgroundScheduler:
    """Start a background ticker that runs ``run_due_work`` now and every ``every_seconds``."""

    def tick() -> None:
        try:
            for result in run_due_work(db, now(), client):
                log.debug("tick: %s: %s", result.name, result.done)
        except Exception:
            log.exception("a tick failed; the next one tries again")

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        tick,
        "interval",
        seconds=every_seconds,
        id="due-work",
        coalesce=True,  # after a pause, one run catches up; never a burst
        max_instances=1,  # a slow tick is never overlapped by the next
        misfire_grace_time=int(every_seconds) or 1,
        next_run_time=utcnow(),
    )
    scheduler.start()
    return scheduler
