"""The scheduler's check-in nudges: one reminder in each due check-in's thread, one call in
the pilot channel for each overdue milestone."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.flows.checkins.messages import overdue_call, owners_reminder
from slack_app.services import Database
from slack_app.services.checkin_answers import due_reminders, overdue_calls
from slack_app.slack.clients import Clients, clients_of
from slack_app.slack.errors import error_code

log = logging.getLogger(__name__)


def send_owner_reminders(slack: WebClient | Clients, db: Database, now: datetime) -> int:
    """One reminder in each due check-in's thread, naming the owners who have not answered."""
    sent, clients = 0, clients_of(slack)
    for reminder in due_reminders(db, now):
        checkin, client = reminder.checkin, clients.of(reminder.workspace)
        if not (checkin.channel_id and checkin.ts) or client is None:
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


def call_overdue(slack: WebClient | Clients, db: Database, now: datetime) -> int:
    """One call in the pilot channel for each milestone past its due date and not done."""
    called, clients = 0, clients_of(slack)
    for workspace, snapshot, milestone in overdue_calls(db, now):
        team, client = snapshot.view.team, clients.of(workspace)
        if team is None or client is None:
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
