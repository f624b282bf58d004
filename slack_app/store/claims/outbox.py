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
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from slack_app.domain.outbox import LEASE, SPACING, EffectKind, EffectState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import ChannelPaceRow, EffectRow, UtcDateTime
from slack_app.store.upsert import upsert

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


@dataclass(frozen=True, slots=True)
class Batch:
    claimed: list[Claimed]
    # The soonest time an effect left waiting for its channel's pace falls due (None: none).
    paced_until: datetime | None = None
    picked: int = 0  # due rows looked at: the claimed, and those left for their pace


def claim_batch(
    session: Session, now: datetime, *, limit: int, spacing: timedelta = SPACING
) -> Batch:
    """Claim up to ``limit`` due effects (and abandoned deliveries), oldest first: at most
    one per surface, none of a surface still being delivered, and one that posts in a
    channel only when the channel's pace allows (``_take_slot``); the others wait."""
    live = aliased(EffectRow)
    busy = exists().where(
        live.team_id == EffectRow.team_id,
        live.surface == EffectRow.surface,
        live.id != EffectRow.id,
        live.state == DELIVERING,
        live.claimed_at > now - LEASE,
    )
    picked = session.execute(
        select(
            EffectRow.id,
            EffectRow.team_id,
            EffectRow.enterprise_id,
            EffectRow.surface,
            EffectRow.channel_id,
        )
        .where(_claimable(now), ~busy)
        .order_by(EffectRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=EffectRow)
    ).all()
    # Each channel's slot is taken once, channels in one order in every process: two claims
    # taking them in different orders would wait for each other (a deadlock on PostgreSQL).
    channels = sorted({(t, e or "", c) for _, t, e, _, c in picked if c is not None})
    opens = {
        (team_id, channel): _take_slot(
            session, Workspace(team_id, enterprise_id=enterprise or None), channel, now, spacing
        )
        for team_id, enterprise, channel in channels
    }
    ids, surfaces, paced, posting = [], set(), [], set()
    for effect_id, team_id, _, surface, channel in picked:
        if surface is not None:
            if (team_id, surface) in surfaces:
                continue
            surfaces.add((team_id, surface))
        if channel is not None:
            slot = opens[(team_id, channel)]
            if slot is None and (team_id, channel) not in posting:
                posting.add((team_id, channel))  # this claim's slot in the channel
            else:  # the channel's next post is not before its next slot: wait for it
                at = slot or now + spacing
                _wait_until(session, effect_id, at, now)
                paced.append(at)
                continue
        ids.append(effect_id)
    until = min(paced) if paced else None
    if not ids:
        return Batch([], until, picked=len(picked))
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
    claimed = [
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
    return Batch(claimed, until, picked=len(picked))


def _take_slot(
    session: Session, workspace: Workspace, channel: str, now: datetime, spacing: timedelta
) -> datetime | None:
    """Take the channel's posting slot at ``now`` (the next one ``spacing`` later): None when
    taken, else the time the next slot opens. One statement, an upsert whose row lock (or
    SQLite's one writer) makes two processes' claims take turns: the pace holds across them."""
    taken = session.scalars(
        upsert(session, ChannelPaceRow)
        .values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            channel_id=channel,
            next_at=now + spacing,
        )
        .on_conflict_do_update(
            index_elements=["team_id", "channel_id"],
            set_={"next_at": now + spacing},
            where=ChannelPaceRow.next_at <= now,
        )
        .returning(ChannelPaceRow.next_at)
    ).first()
    if taken is not None:
        return None
    opens = session.scalar(
        select(ChannelPaceRow.next_at).where(
            ChannelPaceRow.team_id == workspace.team_id, ChannelPaceRow.channel_id == channel
        )
    )
    return opens or now + spacing


def _wait_until(session: Session, effect_id: int, at: datetime, now: datetime) -> None:
    """Leave a due effect waiting for its channel's next slot; an abandoned delivery (its
    lease run out) goes back to waiting too, or every claim would look at it again."""
    session.execute(
        update(EffectRow)
        .where(EffectRow.id == effect_id, _claimable(now))
        .values(state=WAITING, due_at=at, claimed_by=None)
        .execution_options(synchronize_session=False)
    )


def delivered_all(session: Session, claimed: list[Claimed], now: datetime) -> int:
    """Record the delivery of a batch, one statement per claim (a batch is one claim); how
    many were still this claim's."""
    settled = 0
    for token in {one.token for one in claimed}:
        result = session.execute(
            update(EffectRow)
            .where(
                EffectRow.id.in_([one.id for one in claimed if one.token == token]),
                EffectRow.state == DELIVERING,
                EffectRow.claimed_by == token,
            )
            .values(state=EffectState.DONE, done_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )
        settled += int(getattr(result, "rowcount", 0) or 0)
    return settled


def given_up(session: Session, claimed: Claimed, now: datetime, error: str) -> bool:
    """Record that no retry will deliver it."""
    return _finish(
        session, claimed, state=EffectState.GIVEN_UP, done_at=now, last_error=error[:200]
    )


def retry(session: Session, claimed: Claimed, at: datetime, error: str) -> bool:
    """Put it back to wait until ``at``. When its surface has another effect waiting
    (recorded during this delivery), it gives way to that one instead, which takes over its
    duty and waits until ``at`` too (Slack's Retry-After holds for it as well). False when
    the claim was lost (another dispatcher took the effect over): nothing is changed."""
    if claimed.surface is not None and _give_way(session, claimed, at, error):
        return _finish(session, claimed, state=EffectState.DONE, done_at=at, last_error=None)
    try:
        with session.begin_nested():  # a newer one may be recorded between the two
            return _finish(
                session, claimed, state=WAITING, due_at=at, claimed_by=None, last_error=error[:200]
            )
    except IntegrityError:
        _give_way(session, claimed, at, error)
        return _finish(session, claimed, state=EffectState.DONE, done_at=at, last_error=None)


def _give_way(session: Session, claimed: Claimed, at: datetime, error: str) -> bool:
    """Hand this delivery, while its claim holds, over to its surface's waiting effect, if
    there is one; whether there was. That one takes this one's duty (a send, or a forming
    of the channel this one may have created; a request's redraw adds nothing to whatever
    waits for the request), its attempts, so that it looks for what this one may have
    posted before posting, and its age, so that it is given up when this one would be."""
    mine = aliased(EffectRow)
    held = exists().where(
        mine.id == claimed.id, mine.claimed_by == claimed.token, mine.state == DELIVERING
    )
    duty: dict[str, object] = {}
    if claimed.kind is not EffectKind.REDRAW_REQUEST:
        duty = {"kind": claimed.kind, "payload": dict(claimed.payload)}
    result = session.execute(
        update(EffectRow)
        .where(
            EffectRow.team_id == claimed.workspace.team_id,
            EffectRow.surface == claimed.surface,
            EffectRow.state == WAITING,
            held,
        )
        .values(
            **duty,
            attempts=case(
                (EffectRow.attempts < claimed.attempts, claimed.attempts),
                else_=EffectRow.attempts,
            ),
            due_at=case((EffectRow.due_at < _utc(at), _utc(at)), else_=EffectRow.due_at),
            created_at=case(
                (EffectRow.created_at > _utc(claimed.created_at), _utc(claimed.created_at)),
                else_=EffectRow.created_at,
            ),
            last_error=error[:200],
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _utc(at: datetime) -> ColumnElement[datetime]:
    """``at`` as the columns store instants (UTC), inside an expression."""
    return literal(at, UtcDateTime())


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
