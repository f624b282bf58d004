"""A workspace that leaves Stand: its data deleted by the next tick (or kept for a grace
period, in case it comes back), and an operator's export and purge of one workspace."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from slack_app.domain.workspace import Workspace
from slack_app.store.claims.departures import (
    Departure,
    depart,
    departures_of,
    due_departures,
    forget_departure,
    workspaces_of,
)
from slack_app.store.claims.installs import forget_expired_states
from slack_app.store.database import Database
from slack_app.store.workspace_data import WorkspaceData, kept_tables

log = logging.getLogger(__name__)
BATCH = 500  # rows deleted per transaction: a big workspace never holds the lock for long
UNINSTALLED, REVOKED = "app_uninstalled", "tokens_revoked"
# How long after a departure its data is deleted, at the soonest: every process has read
# the installation afresh by then (``slack/clients.KEEP_SECONDS``) and does nothing more
# there, so nothing is written behind the deletion.
SETTLE = timedelta(minutes=2)


def departed(
    db: Database,
    *,
    enterprise_id: str | None,
    team_id: str | None,
    now: datetime,
    keep: timedelta,
    why: str,
) -> None:
    """Stand was uninstalled from a workspace (``team_id``) or from a whole org (``team_id``
    None): its data is deleted once ``keep`` has passed, by the tick."""
    with db.across_workspaces() as session:
        depart(
            session,
            enterprise_id=enterprise_id,
            team_id=team_id,
            at=now,
            purge_after=now + max(keep, SETTLE),
            why=why,
        )
    log.info(
        "Stand left workspace %s (org %s, %s): its data goes %s",
        team_id or "(every one of the org)",
        enterprise_id or "none",
        why,
        "at the next tick" if keep <= SETTLE else f"after {keep.days} days",
    )


def arrived(db: Database, *, enterprise_id: str | None, team_id: str | None, now: datetime) -> int:
    """Stand was (re)installed in a workspace (``team_id``) or a whole org (``team_id``
    None): a departure still in its grace period is called off (the data stays); one whose
    data was due to go is carried out now, so the workspace starts empty. A workspace
    installed on its own in an org that left takes its own data only. How many rows were
    deleted."""
    with db.across_workspaces() as session:
        found = departures_of(session, enterprise_id=enterprise_id, team_id=team_id)
    deleted = 0
    for departure in found:
        due = departure.purge_after <= now
        if departure.team_id is None and team_id is not None:  # its org's departure
            if due:
                deleted += purge(db, Workspace(team_id, enterprise_id=enterprise_id))
            continue  # the org's other workspaces still go
        if due:
            deleted += carry_out(db, departure)
            continue
        with db.across_workspaces() as session:
            forget_departure(session, departure.key)
        log.info("Stand is back in %s before its data was deleted: kept", departure.key)
    return deleted


def purge_departed(db: Database, now: datetime, *, batch: int = BATCH) -> int:
    """Delete the data of every workspace whose departure is due; how many rows."""
    with db.across_workspaces() as session:
        due = due_departures(session, now)
    return sum(carry_out(db, departure, batch=batch) for departure in due)


def carry_out(db: Database, departure: Departure, *, batch: int = BATCH) -> int:
    """Delete the departed workspaces' rows; the departure is forgotten once none is left
    (a row written meanwhile, by a job of another process, is deleted at the next tick)."""
    with db.across_workspaces() as session:
        workspaces = workspaces_of(session, departure)
    deleted = sum(purge(db, workspace, batch=batch) for workspace in workspaces)
    with db.across_workspaces() as session:
        left = workspaces_of(session, departure)
        if not left:
            forget_departure(session, departure.key)
    log.info("deleted %s rows of %s, which left Stand", deleted, departure.key)
    return deleted


def purge(db: Database, workspace: Workspace, *, batch: int = BATCH) -> int:
    """Delete every row of ``workspace``, ``batch`` rows per transaction; how many."""
    total = 0
    for kept in kept_tables():
        while True:
            with db.unit_of_work(workspace) as uow:
                deleted = WorkspaceData(uow).delete_some(kept, batch)
            total += deleted
            if deleted < batch:
                break
    return total


def counts(db: Database, workspace: Workspace) -> dict[str, int]:
    """How many rows ``workspace`` has in each table."""
    with db.unit_of_work(workspace) as uow:
        return WorkspaceData(uow).counts()


def export(db: Database, workspace: Workspace, now: datetime) -> dict[str, Any]:
    """Every row of ``workspace``, table by table, as JSON values: what a workspace that
    leaves takes with it. Read in one transaction, so it is one moment's data."""
    with db.unit_of_work(workspace) as uow:
        data = WorkspaceData(uow)
        tables = {kept.table: list(data.rows(kept)) for kept in kept_tables()}
    return {
        "workspace": {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
        "exported_at": now.isoformat(),
        "counts": {name: len(rows) for name, rows in tables.items()},
        "tables": tables,
    }


def forget_unfinished_installs(db: Database, now: datetime) -> int:
    """Delete the OAuth states of installs begun and never finished (anyone may begin one:
    ``/slack/install`` asks no one who they are); how many."""
    with db.across_workspaces() as session:
        return forget_expired_states(session, now)
