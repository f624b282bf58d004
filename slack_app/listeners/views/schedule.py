"""The check-in schedule modal's submission: checked and stored before the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.schedule import parse_schedule
from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.services.checkins import set_schedule
from slack_app.slack.schedule import announce_schedule, schedule_news


def handle_checkin_schedule(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    try:
        pilot_id, raw, paused = parse_schedule(view)
    except (ValueError, KeyError):
        ack(response_action="errors", errors={"cadence": "That form no longer matches a pilot."})
        return
    actor_id = body["user"]["id"]
    try:
        schedule = set_schedule(
            deps.db,
            workspace,
            pilot_id=pilot_id,
            actor_id=actor_id,
            raw=raw,
            paused=paused,
            now=deps.now(),
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    except DomainError as refused:
        ack(response_action="errors", errors={"cadence": refused.message})
        return
    ack()
    announce_schedule(
        client,
        deps.db,
        workspace,
        pilot_id=pilot_id,
        actor_id=actor_id,
        text=schedule_news(actor_id, schedule.describe(), paused=paused),
    )
