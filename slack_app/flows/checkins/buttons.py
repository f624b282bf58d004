"""A check-in's buttons: the milestone's owner says where it stands, a deliverable's owner
marks it done. Anyone else is refused and nothing changes."""

from __future__ import annotations

from typing import Any

from slack_app.domain.errors import NotFound
from slack_app.domain.outbox import Effect, tell
from slack_app.domain.structure import Deliverable, Kind, Milestone, MilestoneStatus
from slack_app.flows.checkins.messages import small_win
from slack_app.flows.request import Request
from slack_app.flows.values import ident, number
from slack_app.services.checkin_answers import GONE, owner_update


def handle_checkin_status(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    try:
        milestone, status = str(action.get("value") or "").split(":", 1)
        item_id, chosen = ident(milestone, stale=GONE), MilestoneStatus(status)
    except ValueError:
        raise NotFound(GONE) from None
    _pressed(req, Kind.MILESTONE, item_id, status=chosen)


def handle_checkin_done(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    _pressed(req, Kind.DELIVERABLE, number(action))


def _pressed(
    req: Request, kind: Kind, item_id: int, *, status: MilestoneStatus | None = None
) -> None:
    """Record the owner's press, with what Slack then shows of it (in the outbox): the
    check-in and the charter redrawn, and a finished one celebrated in the thread."""
    container = req.body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        raise NotFound(GONE)
    now = req.now()
    item = owner_update(
        req.uow,
        channel_id=str(channel),
        ts=str(ts),
        kind=kind,
        item_id=item_id,
        actor_id=req.user_id,
        now=now,
        status=status,
    )
    req.uow.record(_celebration(str(channel), str(ts), item), now=now)
    req.uow.commit()


def _celebration(channel_id: str, ts: str, item: Milestone | Deliverable) -> list[Effect]:
    """A small win, in the check-in's thread (a milestone's shown in the channel too)."""
    done = item.status is MilestoneStatus.DONE if isinstance(item, Milestone) else item.done
    if not done:
        return []
    milestone = isinstance(item, Milestone)
    text = small_win(item.title, item.owner_id, milestone=milestone)
    return [tell(channel_id, text, thread_ts=ts, broadcast=milestone)]
