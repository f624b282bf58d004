"""The check-in schedule: its modal opened from the charter's button or `/stand schedule`,
saved before the ack, and announced in the pilot channel."""

from __future__ import annotations

from typing import Any

from slack_app.domain.errors import InvalidInput, NotAllowed
from slack_app.domain.outbox import tell
from slack_app.flows.checkins.schedule_modal import parse_schedule, schedule_modal
from slack_app.flows.request import Request, refused_on
from slack_app.flows.values import number
from slack_app.services.checkins import schedule_of, set_schedule
from slack_app.services.snapshots import load_snapshot

FORGED = "That form no longer matches a pilot."


def handle_open_schedule(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    open_schedule(req, trigger_id=req.body["trigger_id"], pilot_id=number(action))


def open_schedule_form(req: Request, command: dict[str, Any]) -> None:
    """`/stand schedule` in a pilot channel: that channel's pilot."""
    open_schedule(req, trigger_id=command["trigger_id"], channel_id=command.get("channel_id"))


def open_schedule(
    req: Request, *, trigger_id: str, pilot_id: int | None = None, channel_id: str | None = None
) -> None:
    snapshot = load_snapshot(
        req.uow, actor_id=req.user_id, pilot_id=pilot_id, channel_id=channel_id
    )
    if not snapshot.may_edit:
        raise NotAllowed(
            f"Only the lead, <@{snapshot.pilot.proposer_id}>, and the people they allow can "
            "change the check-ins."
        )
    schedule, paused = schedule_of(req.uow, snapshot.pilot)
    req.uow.commit()  # before Slack: no transaction stays open across a Web API call
    req.open_modal(
        schedule_modal(snapshot.pilot.id, schedule, paused=paused), trigger_id=trigger_id
    )


def handle_checkin_schedule(req: Request, view: dict[str, Any]) -> None:
    """Checked and stored before the ack (a refusal shows on the form); then the pilot
    channel hears of it."""
    try:
        pilot_id, raw, paused = parse_schedule(view)
    except (ValueError, KeyError):
        raise InvalidInput({"cadence": FORGED}) from None
    actor_id, now = req.user_id, req.now()
    with refused_on("cadence"):
        saved = set_schedule(
            req.uow, pilot_id=pilot_id, actor_id=actor_id, raw=raw, paused=paused, now=now
        )
    if saved.channel_id is not None:
        text = schedule_news(actor_id, saved.schedule.describe(), paused=paused)
        req.uow.record([tell(saved.channel_id, text)], now=now)
    req.stored()


def schedule_news(actor_id: str, describe: str, *, paused: bool) -> str:
    if paused:
        return f":double_vertical_bar: <@{actor_id}> paused the milestone check-ins."
    return f":calendar: <@{actor_id}> set the milestone check-ins: {describe}."
