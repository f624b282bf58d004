"""A check-in's buttons: the milestone's owner says where it stands, a deliverable's owner
marks it done. Anyone else is refused and nothing changes."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.domain.errors import NotFound
from slack_app.domain.structure import Deliverable, Kind, Milestone, MilestoneStatus
from slack_app.flows.checkins.messages import small_win
from slack_app.flows.request import Request
from slack_app.flows.values import number
from slack_app.services.checkin_answers import GONE, owner_update
from slack_app.slack.errors import best_effort


def handle_checkin_status(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    try:
        milestone, status = str(action.get("value") or "").split(":", 1)
        item_id, chosen = int(milestone), MilestoneStatus(status)
    except ValueError:
        raise NotFound(GONE) from None
    _pressed(req, Kind.MILESTONE, item_id, status=chosen)


def handle_checkin_done(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    _pressed(req, Kind.DELIVERABLE, number(action))


def _pressed(
    req: Request, kind: Kind, item_id: int, *, status: MilestoneStatus | None = None
) -> None:
    """Record the owner's press, then redraw the check-in and the charter, and celebrate a
    finished one (in Slack, once the change is committed)."""
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
    req.uow.commit()  # with the check-in's and the charter's redraws, in the outbox
    client = req.client
    req.after_ack(lambda: _celebrate(client, str(channel), str(ts), item))


def _celebrate(client: WebClient, channel_id: str, ts: str, item: Milestone | Deliverable) -> None:
    done = item.status is MilestoneStatus.DONE if isinstance(item, Milestone) else item.done
    if not done:
        return
    text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
    best_effort(
        "celebrate a small win",
        lambda: client.chat_postMessage(
            channel=channel_id, thread_ts=ts, text=text, reply_broadcast=isinstance(item, Milestone)
        ),
    )
