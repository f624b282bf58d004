"""Recording a unit of work's Slack effects: one statement, in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from slack_app.domain.outbox import Effect, EffectState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import EffectRow
from slack_app.store.models.outbox import WAITING
from slack_app.store.upsert import upsert


def write_effects(
    session: Session, workspace: Workspace, effects: Sequence[Effect], *, now: datetime
) -> None:
    """Insert ``effects``, due now, as one statement. An effect of a surface that already
    has one waiting adds nothing: that one draws the newest state when delivered. It is
    touched rather than left alone (DO UPDATE, not DO NOTHING), which locks it until this
    transaction ends: on PostgreSQL a dispatcher claiming it meanwhile skips it, instead
    of drawing the state before this change. Such an INSERT is not stamped by the unit of
    work's hook: each row carries its workspace."""
    rows, surfaces = [], set()
    for effect in effects:
        if effect.surface is not None:
            if effect.surface in surfaces:
                continue
            surfaces.add(effect.surface)
        rows.append(
            {
                "team_id": workspace.team_id,
                "enterprise_id": workspace.enterprise_id,
                "kind": effect.kind,
                "payload": dict(effect.payload),
                "surface": effect.surface,
                "channel_id": effect.channel,
                "state": EffectState.WAITING,
                "due_at": now,
                "attempts": 0,
                "created_at": now,
            }
        )
    if not rows:
        return
    session.execute(
        upsert(session, EffectRow)
        .values(rows)
        .on_conflict_do_update(
            index_elements=["team_id", "surface"],
            index_where=WAITING,
            set_={"due_at": EffectRow.due_at},
        )
    )


def settle_claimed(session: Session, effect_id: int, token: str, *, now: datetime) -> bool:
    """Mark an effect this claim holds delivered, in the caller's transaction (which records
    what follows from it, so the two commit together); False if the claim was lost."""
    result = session.execute(
        update(EffectRow)
        .where(
            EffectRow.id == effect_id,
            EffectRow.state == EffectState.DELIVERING,
            EffectRow.claimed_by == token,
        )
        .values(state=EffectState.DONE, done_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def effect_pending(session: Session, workspace: Workspace, surface: str) -> bool:
    """Whether an effect for ``surface`` is waiting, or being delivered."""
    found = session.scalar(
        select(EffectRow.id)
        .where(
            EffectRow.team_id == workspace.team_id,
            EffectRow.surface == surface,
            EffectRow.state.in_([EffectState.WAITING, EffectState.DELIVERING]),
        )
        .limit(1)
    )
    return found is not None
