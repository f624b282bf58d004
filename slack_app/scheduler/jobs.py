"""The due work `slack-app tick` and each process's ticker run as of an instant.

Each job claims what it does in the database, so several instances ticking together do
everything once. Jobs that talk to Slack are skipped (and say so) without a way to Slack
(a bot token, or OAuth installs); a job that only changes state (a pilot's start, an
uninstalled workspace's data deleted) runs, its Slack effects waiting in the outbox.
Each piece of work is done with its own workspace's token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from slack_app.flows.checkins.posting import dispatch_due_checkins
from slack_app.flows.checkins.reminders import call_overdue, send_owner_reminders
from slack_app.flows.decisions.requests import send_due_reminders
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.flows.pilots.posting import moved_on
from slack_app.scheduler.dispatcher import Dispatcher
from slack_app.services.departures import forget_unfinished_installs
from slack_app.services.departures import purge_departed as purge_departed_data
from slack_app.services.events import forget_old_events
from slack_app.services.outbox import forget_old_effects
from slack_app.services.pilots import start_due_pilots
from slack_app.slack.clients import Clients
from slack_app.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    done: int | None  # None: skipped (no Slack client) or failed
    failed: bool = False

    @property
    def summary(self) -> str:
        if self.failed:
            return "failed (see the log); the next tick tries again"
        if self.done is None:
            return "skipped (neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is set)"
        return str(self.done)


@dataclass(frozen=True, slots=True)
class Due:
    db: Database
    at: datetime
    client: WebClient | Clients | None


def deliver_effects(due: Due) -> JobResult:
    """Slack effects waiting in the outbox (redraws, posts, DMs), delivered once: by
    `slack-app tick`; in `serve` the process's own dispatcher delivers them."""
    if due.client is None:
        return JobResult("Slack effects delivered", None)
    dispatcher = Dispatcher(due.db, due.client, lambda: due.at)
    try:
        return JobResult("Slack effects delivered", dispatcher.drain())
    finally:
        dispatcher.stop()


def purge_departed(due: Due) -> JobResult:
    """The data of workspaces that uninstalled Stand (and whose grace period, if any, is
    over), deleted in batches."""
    return JobResult("rows of uninstalled workspaces deleted", purge_departed_data(due.db, due.at))


def forget_install_states(due: Due) -> JobResult:
    return JobResult("unfinished installs forgotten", forget_unfinished_installs(due.db, due.at))


def forget_delivered_effects(due: Due) -> JobResult:
    return JobResult("delivered effects forgotten", forget_old_effects(due.db, due.at))


def forget_old_event_ids(due: Due) -> JobResult:
    return JobResult("forget old event ids", forget_old_events(due.db, due.at))


def remind_deciders(due: Due) -> JobResult:
    """One polite reminder for each decision left undecided for three working days."""
    if due.client is None:
        return JobResult("decision reminders", None)
    return JobResult(
        "decision reminders", send_due_reminders(due.client, due.db, PRESENTERS, due.at)
    )


STARTED = ":rocket: Today is the pilot's start date: it is running now."


def start_pilots(due: Due) -> JobResult:
    """Approved pilots start running on their start date; the news waits in the outbox
    for a Slack client to deliver it."""
    started = start_due_pilots(due.db, due.at, lambda moved: moved_on(moved, STARTED))
    return JobResult("pilots started", len(started))


def post_checkins(due: Due) -> JobResult:
    """Every milestone check-in due by now, posted once (or skipped when too stale)."""
    if due.client is None:
        return JobResult("check-ins posted", None)
    return JobResult("check-ins posted", dispatch_due_checkins(due.client, due.db, due.at).posted)


def remind_owners(due: Due) -> JobResult:
    """Owners who have not answered a check-in by its reminder time hear once, in its thread."""
    if due.client is None:
        return JobResult("check-in reminders", None)
    return JobResult("check-in reminders", send_owner_reminders(due.client, due.db, due.at))


def overdue_milestones(due: Due) -> JobResult:
    """A milestone past its due date and not done is called out in the channel, once."""
    if due.client is None:
        return JobResult("overdue calls", None)
    return JobResult("overdue calls", call_overdue(due.client, due.db, due.at))


JOBS: list[Callable[[Due], JobResult]] = [
    purge_departed,
    forget_install_states,
    forget_old_event_ids,
    forget_delivered_effects,
    start_pilots,
    post_checkins,
    remind_owners,
    overdue_milestones,
    remind_deciders,
]


def run_due_work(
    db: Database, at: datetime, client: WebClient | Clients | None = None
) -> list[JobResult]:
    """Run every job once, as of ``at``; one job failing never keeps the others from running."""
    due = Due(db, at, client)
    results = []
    for job in JOBS:
        try:
            results.append(job(due))
        except Exception:
            log.exception("due work %s failed", job.__name__)
            results.append(JobResult(job.__name__.replace("_", " "), None, failed=True))
    return results
