"""The check-in schedule in Slack: the modal opened, a change saved and announced."""

from __future__ import annotations

from slack_sdk import WebClient

from slack_app.blocks.schedule import schedule_modal
from slack_app.domain.errors import NotAllowed
from slack_app.domain.workspace import Workspace
from slack_app.services.checkins import schedule_of
from slack_app.services.snapshots import pilot_snapshot
from slack_app.slack.errors import best_effort
from slack_app.store.database import Database


def open_schedule(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    actor_id: str,
    trigger_id: str,
    pilot_id: int | None = None,
    channel_id: str | None = None,
) -> None:
    snapshot = pilot_snapshot(db, ws, actor_id=actor_id, pilot_id=pilot_id, channel_id=channel_id)
    if not snapshot.may_edit:
        raise NotAllowed(
            f"Only the lead, <@{snapshot.pilot.proposer_id}>, and the people they allow can "
            "change the check-ins."
        )
    schedule, paused = schedule_of(db, ws, snapshot.pilot)
    client.views_open(
        trigger_id=trigger_id, view=schedule_modal(snapshot.pilot.id, schedule, paused=paused)
    )


def announce_schedule(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    pilot_id: int,
    actor_id: str,
    text: str,
) -> None:
    """Tell the pilot channel (after the modal's ack: a Slack call may wait on a limit)."""
    team = pilot_snapshot(db, ws, actor_id=None, pilot_id=pilot_id).view.team
    if team is None:
        return
    channel = team.channel_id
    best_effort(
        "announce the schedule", lambda: client.chat_postMessage(channel=channel, text=text)
    )


def schedule_news(actor_id: str, describe: str, *, paused: bool) -> str:
    if paused:
        return f":double_vertical_bar: <@{actor_id}> paused the milestone check-ins."
    return f":calendar: <@{actor_id}> set the milestone check-ins: {describe}."
