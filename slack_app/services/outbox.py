"""The outbox's use cases: recording a change's Slack effects, and claiming and settling
their delivery (the Slack side of delivering is the flows')."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from slack_app.domain.outbox import Effect, EffectKind, EffectState, gives_up, retry_at
from slack_app.store.claims.outbox import (
    Claimed,
    claim_due,
    counts,
    delivered,
    due_count,
    given_up,
    retry,
)
from slack_app.store.database import Database
from slack_app.store.unit_of_work import UnitOfWork

__all__ = ["Claimed", "claim", "failed", "outbox_counts", "record", "settled", "waiting"]


def record(uow: UnitOfWork, effects: Iterable[Effect], *, now: datetime) -> None:
    """Record ``effects`` of what ``uow`` changes: they are written with its commit."""
    uow.record(effects, now=now)


def claim(db: Database, now: datetime, *, limit: int = 20) -> list[Claimed]:
    with db.across_workspaces() as session:
        return claim_due(session, now, limit=limit)


def settled(db: Database, claimed: Claimed, now: datetime) -> bool:
    with db.across_workspaces() as session:
        return delivered(session, claimed, now)


def failed(
    db: Database,
    claimed: Claimed,
    now: datetime,
    error: str,
    *,
    transient: bool,
    retry_after: float | None = None,
) -> bool:
    """Record a failed delivery: tried again later when the failure is transient and the
    effect is less than a day old; given up otherwise. True when it was given up."""
    with db.across_workspaces() as session:
        if transient and not gives_up(claimed.created_at, now):
            retry(session, claimed, retry_at(now, claimed.attempts, retry_after), error)
            return False
        given_up(session, claimed, now, error)
        return True


def waiting(db: Database, now: datetime) -> int:
    """How many effects are due now, in every workspace."""
    with db.across_workspaces() as session:
        return due_count(session, now)


def outbox_counts(db: Database) -> dict[tuple[EffectKind, EffectState], int]:
    with db.across_workspaces() as session:
        return counts(session)
