"""F6 in Slack after a check-in is posted: its message edited in place as owners answer and
press its buttons, small wins celebrated, reminders and overdue calls made once."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.checkins import checkin_message, overdue_call, owners_reminder, small_win
from slack_app.domain.checkins import Checkin
from slack_app.domain.schedules import zone_of
from slack_app.domain.structure import Deliverable, Kind, Milestone, MilestoneStatus
from slack_app.domain.workspace import Workspace
from slack_app.services.checkin_answers import (
    checkin_at,
    due_reminders,
    overdue_calls,
    owner_update,
)
from slack_app.services.checkins import schedule_of
from slack_app.services.snapshots import PilotSnapshot, pilot_snapshot
from slack_app.services.structure import Changed
from slack_app.slack.errors import best_effort, error_code
from slack_app.flows.structure.charter_post import refresh_charter
from slack_app.store.checkins import CheckinRepository
from slack_app.store.database import Database

log = logging.getLogger(__name__)


REDRAW_PASSES = 3


def _drawn(
    db: Database, ws: Workspace, checkin: Checkin, snapshot: PilotSnapshot, now: datetime
) -> tuple[str, list[dict[str, Any]]]:
    with db.transaction() as session:
        answered = [u for u, _, _ in CheckinRepository(session, ws).answers(checkin.id)]
    schedule, _ = schedule_of(db, ws, snapshot.pilot)  # days left as the post counted them
    today = now.astimezone(zone_of(schedule.zone)).date()
    text, blocks = checkin_message(
        snapshot.view, snapshot.structure, today, answered, checkin.milestone_id
    )
    return text, [block.to_dict() for block in blocks]


def _update(client: WebClient, channel: str, ts: str, drawn: tuple[str, list[Any]]) -> None:
    text, blocks = drawn
    best_effort(
        "redraw the check-in",
        lambda: client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks),
    )


def redraw(
    client: WebClient,
    db: Database,
    ws: Workspace,
    checkin: Checkin,
    *,
    snapshot: PilotSnapshot,
    now: datetime,
) -> None:
    """The check-in message as it stands now: statuses, deliverables, who answered.

    Two redraws at once may land in either order, so after each edit the message is drawn
    again from what is stored, and edited once more if it moved on meanwhile.
    """
    if checkin.channel_id is None or checkin.ts is None:
        return
    channel, ts = checkin.channel_id, checkin.ts
    drawn = _drawn(db, ws, checkin, snapshot, now)
    for _ in range(REDRAW_PASSES):
        _update(client, channel, ts, drawn)
        latest = pilot_snapshot(db, ws, actor_id=None, pilot_id=snapshot.pilot.id)
        again = _drawn(db, ws, checkin, latest, now)
        if again == drawn:
            return
        drawn = again


def owner_pressed(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    channel_id: str,
    ts: str,
    kind: Kind,
    item_id: int,
    actor_id: str,
    now: datetime,
    status: MilestoneStatus | None = None,
) -> None:
    """An owner's button on a check-in: record it, redraw, celebrate a finished one."""
    checkin, snapshot = checkin_at(db, ws, channel_id, ts)
    changed = owner_update(
        db,
        ws,
        pilot_id=snapshot.pilot.id,
        kind=kind,
        item_id=item_id,
        actor_id=actor_id,
        now=now,
        status=status,
    )
    redraw(client, db, ws, checkin, snapshot=changed.snapshot, now=now)
    best_effort(
        "redraw the charter", lambda: refresh_charter(client, db, ws, snapshot.pilot.id, now=now)
    )
    _celebrate(client, channel_id, ts, changed)


def _celebrate(client: WebClient, channel_id: str, ts: str, changed: Changed) -> None:
    item = changed.item
    done = (isinstance(item, Milestone) and item.status is MilestoneStatus.DONE) or (
        isinstance(item, Deliverable) and item.done
    )
    if not done or not isinstance(item, Milestone | Deliverable):
        return
    text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
    best_effort(
        "celebrate a small win",
        lambda: client.chat_postMessage(
            channel=channel_id, thread_ts=ts, text=text, reply_broadcast=isinstance(item, Milestone)
        ),
    )


def send_owner_reminders(client: WebClient, db: Database, now: datetime) -> int:
    """One reminder in each due check-in's thread, naming the owners who have not answered."""
    sent = 0
    for reminder in due_reminders(db, now):
        checkin = reminder.checkin
        if not (checkin.channel_id and checkin.ts):
            continue
        try:
            client.chat_postMessage(
                channel=checkin.channel_id,
                thread_ts=checkin.ts,
                text=owners_reminder(reminder.silent),
            )
        except SlackApiError as error:  # the others still go; this one is not retried
            log.warning("check-in reminder %s not sent: %s", checkin.id, error_code(error))
            continue
        sent += 1
    return sent


def call_overdue(client: WebClient, db: Database, now: datetime) -> int:
    """One call in the pilot channel for each milestone past its due date and not done."""
    called = 0
    for snapshot, milestone in overdue_calls(db, now):
        team = snapshot.view.team
        if team is None:
            continue
        try:
            client.chat_postMessage(
                channel=team.channel_id,
                text=overdue_call(milestone.title, milestone.owner_id, milestone.due),
            )
        except SlackApiError as error:  # the others still go
            log.warning(
                "overdue call for milestone %s not made: %s", milestone.id, error_code(error)
            )
            continue
        called += 1
    return called
