"""Recording what became of claimed check-ins (posted, skipped, released), and keeping
claims alive: each only while the claim is still this process's.

The check-ins of a batch are of many workspaces; a claim (its id and the instant it was
made) is what says which rows this process may write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, update
from sqlalchemy.orm import Session

from slack_app.domain.checkins import CheckinState
from slack_app.store.models import CheckinRow


def renew(session: Session, claims: Mapping[int, datetime], now: datetime) -> set[int]:
    """Keep claims (check-in id: when claimed) alive before posting: the ids still this
    process's. Another process took the others over (their lease ran out): this one must
    not post them. One statement per claim time (a batch is claimed at one instant)."""
    kept: set[int] = set()
    for claim, ids in _by_claim(claims).items():
        kept.update(
            session.scalars(
                update(CheckinRow)
                .where(CheckinRow.id.in_(ids), _still_claimed(claim))
                .values(claimed_at=now)
                .returning(CheckinRow.id)
                .execution_options(synchronize_session=False)
            )
        )
    return kept


def finish(session: Session, checkin_id: int, claim: datetime, **values: object) -> bool:
    """Record the outcome of a claim, if the claim (made at ``claim``) is still this
    process's."""
    result = session.execute(
        update(CheckinRow)
        .where(CheckinRow.id == checkin_id, _still_claimed(claim))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def record_post(
    session: Session,
    checkin_id: int,
    claim: datetime,
    *,
    channel_id: str,
    ts: str,
    milestone_id: int | None,
    remind_at: datetime | None,
    posted_at: datetime,
) -> bool:
    """``finish`` for a post, by a statement built once: it runs for every check-in posted,
    and building an UPDATE costs more than running it."""
    result = session.execute(
        _RECORD_POST,
        {
            "checkin_id": checkin_id,
            "claim": claim,
            "channel_id": channel_id,
            "ts": ts,
            "milestone_id": milestone_id,
            "remind_at": remind_at,
            "posted_at": posted_at,
        },
    )
    return bool(getattr(result, "rowcount", 0))


def finish_all(session: Session, claims: Mapping[int, datetime], **values: object) -> int:
    """Record one outcome for many claims (check-in id: when claimed), those still this
    process's: one statement per claim time. How many were recorded."""
    done = 0
    for claim, ids in _by_claim(claims).items():
        result = session.execute(
            update(CheckinRow)
            .where(CheckinRow.id.in_(ids), _still_claimed(claim))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        done += int(getattr(result, "rowcount", 0))
    return done


def _still_claimed(claim: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Rows still claimed as they were at ``claim``: by this process, not taken over."""
    return and_(CheckinRow.state == CheckinState.POSTING.value, CheckinRow.claimed_at == claim)


_RECORD_POST = (
    update(CheckinRow)
    .where(CheckinRow.id == bindparam("checkin_id"), _still_claimed(bindparam("claim")))
    .values(
        state=CheckinState.POSTED.value,
        channel_id=bindparam("channel_id"),
        ts=bindparam("ts"),
        milestone_id=bindparam("milestone_id"),
        remind_at=bindparam("remind_at"),
        posted_at=bindparam("posted_at"),
    )
    .execution_options(synchronize_session=False)
)


def _by_claim(claims: Mapping[int, datetime]) -> dict[datetime, list[int]]:
    grouped: dict[datetime, list[int]] = defaultdict(list)
    for checkin_id, claim in claims.items():
        grouped[claim].append(checkin_id)
    return grouped
