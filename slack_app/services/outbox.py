"""The outbox's use cases: claiming and settling the delivery of Slack effects (a change
records its own with ``uow.record``; the Slack side of delivering is the flows')."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_app.domain.outbox import SPACING, EffectKind, EffectState, gives_up, retry_at
from slack_app.store.claims.outbox import (
    Batch,
    Claimed,
    claim_batch,
    counts,
    delivered_all,
    forget_settled_before,
    given_up,
    retry,
)
from slack_app.store.database import Database
from slack_app.store.outbox import settle_claimed
from slack_app.store.unit_of_work import UnitOfWork

__all__ = [
    "Batch",
    "ClaimLost",
    "Claimed",
    "KindReport",
    "all_settled",
    "claim",
    "failed",
    "forget_old_effects",
    "outbox_report",
    "settle_with",
]


def claim(db: Database, now: datetime, *, limit: int = 20) -> list[Claimed]:
    return claim_paced(db, now, limit=limit).claimed


def claim_paced(
    db: Database, now: datetime, *, limit: int = 20, spacing: timedelta = SPACING
) -> Batch:
    """Claim due effects, posts in one channel ``spacing`` apart; with when the soonest one
    left waiting for its channel's pace falls due."""
    with db.across_workspaces() as session:
        return claim_batch(session, now, limit=limit, spacing=spacing)


def all_settled(db: Database, claimed: list[Claimed], now: datetime) -> int:
    """Record a batch delivered, in one transaction: fewer writes beside the acks."""
    if not claimed:
        return 0
    with db.across_workspaces() as session:
        return delivered_all(session, claimed, now)


class ClaimLost(RuntimeError):
    """The lease ran out mid-delivery and another dispatcher took the effect over."""


def settle_with(uow: UnitOfWork, claimed: Claimed, now: datetime) -> None:
    """Settle ``claimed`` in ``uow``, which records what its delivery led to, so that both
    commit or neither does: a retry never records the follow-up twice. Raises ClaimLost
    (rolling the unit of work back) when another dispatcher holds the effect now."""
    if not settle_claimed(uow.session, claimed.id, claimed.token, now=now):
        raise ClaimLost(f"effect {claimed.id} was taken over by another dispatcher")


def failed(
    db: Database,
    claimed: Claimed,
    now: datetime,
    error: str,
    *,
    transient: bool,
    retry_after: float | None = None,
) -> datetime | None:
    """Record a failed delivery: tried again later when the failure is transient and the
    effect is less than a day old; given up otherwise. When it is tried again (None: given
    up). Raises ClaimLost, recording nothing, when another dispatcher holds it now."""
    with db.across_workspaces() as session:
        if transient and not gives_up(claimed.created_at, now):
            again = retry_at(now, claimed.attempts, retry_after)
            if not retry(session, claimed, again, error):
                raise ClaimLost(f"effect {claimed.id} was taken over by another dispatcher")
            return again
        if not given_up(session, claimed, now, error):
            raise ClaimLost(f"effect {claimed.id} was taken over by another dispatcher")
        return None


# Delivered and given-up effects are kept a week, for `slack-app outbox` and for a look at
# what happened; then forgotten.
KEPT = timedelta(days=7)


def forget_old_effects(db: Database, now: datetime) -> int:
    """Forget effects settled more than a week ago, in every workspace; how many."""
    with db.across_workspaces() as session:
        return forget_settled_before(session, now - KEPT)


@dataclass(frozen=True, slots=True)
class KindReport:
    """Where the effects of one kind stand, in every workspace."""

    kind: EffectKind
    waiting: int = 0
    retrying: int = 0  # waiting after a failed delivery
    delivering: int = 0
    done: int = 0
    given_up: int = 0


def outbox_report(db: Database) -> list[KindReport]:
    """Per kind of effect, how many wait, are being retried, delivered and given up."""
    with db.across_workspaces() as session:
        found = counts(session)
    reports = []
    for kind in EffectKind:
        tally = dict.fromkeys(EffectState, 0)
        retrying = 0
        for (of, state, failed), count in found.items():
            if of is kind:
                tally[state] += count
                retrying += count if failed and state is EffectState.WAITING else 0
        reports.append(
            KindReport(
                kind,
                waiting=tally[EffectState.WAITING] - retrying,
                retrying=retrying,
                delivering=tally[EffectState.DELIVERING],
                done=tally[EffectState.DONE],
                given_up=tally[EffectState.GIVEN_UP],
            )
        )
    return reports
