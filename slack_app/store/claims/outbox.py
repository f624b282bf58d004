"""Claiming due Slack effects across workspaces, and recording how their delivery went.

A claim is a conditional update of the rows a query picked (on PostgreSQL locked with SKIP
LOCKED; on SQLite the transaction holds the database), marked with a token of its own, so
that of several dispatchers each effect goes to one. A claim lives for ``LEASE``: a
dispatcher that died mid-delivery leaves its effects to be claimed again. Two redraws of
one surface are never delivered at once, so the last to land is the newest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from slack_app.domain.outbox import LEASE, EffectKind, EffectState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import EffectRow

WAITING, DELIVERING = EffectState.WAITING, EffectState.DELIVERING


@dataclass(frozen=True, slots=True)
class Claimed:
    """An effect claimed for delivery, with its workspace and the claim's token."""

    id: int
    workspace: Workspace
    kind: EffectKind
    payload: dict[str, int | str]
    surface: str | None
    attempts: int  # deliveries begun, this one included
    created_at: datetime
    token: str

    @property
    def may_have_reached_slack(self) -> bool:
        """Whether a delivery of it was begun before this one: a post it made may be in
        Slack (a timeout, or a process killed mid-post), and is looked for first."""
        return self.attempts > 1


def claim_due(session: Session, now: datetime, *, limit: int) -> list[Claimed]:
    """Claim up to ``limit`` due effects (and abandoned deliveries), oldest first: at most
    one per surface, and none of a surface still being delivered."""
    live = aliased(EffectRow)
    busy = exists().where(
        live.team_id == EffectRow.team_id,
        live.surface == EffectRow.surface,
        live.id != EffectRow.id,
        live.state == DELIVERING,
        live.claimed_at > now - LEASE,
    )
    picked = session.execute(
        select(EffectRow.id, EffectRow.team_id, EffectRow.surface)
        .where(_claimable(now), ~busy)
        .order_by(EffectRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=EffectRow)
    ).all()
    ids, surfaces = [], set()
    for effect_id, team_id, surface in picked:
        if surface is not None:
            if (team_id, surface) in surfaces:
                continue
            surfaces.add((team_id, surface))
        ids.append(effect_id)
    if not ids:
        return []
    token = uuid.uuid4().hex
    session.execute(
        update(EffectRow)
        .where(EffectRow.id.in_(ids), _claimable(now))
        .values(state=DELIVERING, claimed_at=now, claimed_by=token, attempts=EffectRow.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    rows = session.scalars(
        select(EffectRow).where(EffectRow.claimed_by == token).order_by(EffectRow.id)
    )
    return [
        Claimed(
            row.id,
            Workspace(row.team_id, enterprise_id=row.enterprise_id),
            row.kind,
            dict(row.payload),
            row.surface,
            row.attempts,
            row.created_at,
            token,
        )
        for row in rows
    ]


def delivered(session: Session, claimed: Claimed, now: datetime) -> bool:
    """Record a delivery; False if the claim was lost meanwhile (the lease ran out)."""
    return _finish(session, claimed, state=EffectState.DONE, done_at=now, last_error=None)


def given_up(session: Session, claimed: Claimed, now: datetime, error: str) -> bool:
    """Record that no retry will deliver it."""
    return _finish(
        session, claimed, state=EffectState.GIVEN_UP, done_at=now, last_error=error[:200]
    )


def retry(session: Session, claimed: Claimed, at: datetime, error: str) -> bool:
    """Put it back to wait until ``at``. A redraw whose surface has another redraw waiting
    (recorded during this delivery) gives way to it instead, which then waits until ``at``
    too (Slack's Retry-After holds for it as well): that one draws the newest state."""
    if claimed.surface is not None and _give_way(session, claimed, at):
        return _finish(session, claimed, state=EffectState.DONE, done_at=at, last_error=None)
    try:
        with session.begin_nested():  # a newer one may be recorded between the two
            return _finish(
                session, claimed, state=WAITING, due_at=at, claimed_by=None, last_error=error[:200]
            )
    except IntegrityError:
        _give_way(session, claimed, at)
        return _finish(session, claimed, state=EffectState.DONE, done_at=at, last_error=None)


def _give_way(session: Session, claimed: Claimed, at: datetime) -> bool:
    """Hold the surface's waiting redraw, if there is one, until ``at``; whether there was."""
    result = session.execute(
        update(EffectRow)
        .where(
            EffectRow.team_id == claimed.workspace.team_id,
            EffectRow.surface == claimed.surface,
            EffectRow.state == WAITING,
            EffectRow.due_at < at,
        )
        .values(due_at=at)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0):
        return True
    waiting = select(EffectRow.id).where(
        EffectRow.team_id == claimed.workspace.team_id,
        EffectRow.surface == claimed.surface,
        EffectRow.state == WAITING,
    )
    return session.scalar(waiting) is not None


def forget_settled_before(session: Session, cutoff: datetime) -> int:
    """Delete effects delivered or given up before ``cutoff``; how many went."""
    result = session.execute(
        delete(EffectRow).where(
            EffectRow.state.in_([EffectState.DONE, EffectState.GIVEN_UP]),
            EffectRow.done_at < cutoff,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def counts(session: Session) -> dict[tuple[EffectKind, EffectState, bool], int]:
    """How many effects of each kind are in each state, in every workspace, apart by
    whether a delivery of theirs has failed (a waiting one is then being retried)."""
    failed = EffectRow.last_error.is_not(None)
    query = select(EffectRow.kind, EffectRow.state, failed, func.count()).group_by(
        EffectRow.kind, EffectRow.state, failed
    )
    return {
        (kind, state, bool(was)): int(count) for kind, state, was, count in session.execute(query)
    }


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(EffectRow.state == WAITING, EffectRow.due_at <= now),
        and_(EffectRow.state == DELIVERING, EffectRow.claimed_at <= now - LEASE),
    )


def _finish(session: Session, claimed: Claimed, **values: object) -> bool:
    result = session.execute(
        update(EffectRow)
        .where(
            EffectRow.id == claimed.id,
            EffectRow.state == DELIVERING,
            EffectRow.claimed_by == claimed.token,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
