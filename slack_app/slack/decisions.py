"""The decision mechanism's Slack side, for every subject: the request DM, the decision and
its refusals shown in place, and the scheduler's one polite reminder."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.decisions import RequestContent, reminder, request_dm
from slack_app.domain.decisions import Decision, StaleRequest, Verdict
from slack_app.domain.errors import AlreadyDone
from slack_app.domain.workspace import Workspace
from slack_app.services.decisions import (
    Subject,
    claim_due_reminders,
    get_decision,
    make_decision,
    record_request_dm,
    release_reminder,
)
from slack_app.slack.errors import error_code, explain
from slack_app.store.database import Database

log = logging.getLogger(__name__)


class Presenter(Protocol):
    """What a kind of decided thing shows in Slack."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        """The request DM's body, marked stale when the subject changed since."""
        ...

    def after(self, client: WebClient, db: Database, ws: Workspace, decided: Decision) -> None:
        """Tell whoever needs to know about the decision."""
        ...


def send_request(
    client: WebClient, db: Database, ws: Workspace, decision: Decision, content: RequestContent
) -> str | None:
    """DM the request to the decider; a sentence for the requester when it fails."""
    text, blocks = request_dm(decision, content)
    try:
        response = client.chat_postMessage(channel=decision.decider_id, text=text, blocks=blocks)
    except SlackApiError as error:
        code = error_code(error)
        log.info("could not send decision request %s: %s", decision.id, code)
        return f"I couldn't send the request to <@{decision.decider_id}>: {explain(code)}"
    record_request_dm(db, ws, decision.id, channel_id=response["channel"], ts=response["ts"])
    return None


def show_request(
    client: WebClient,
    decision: Decision,
    content: RequestContent,
    *,
    channel_id: str | None = None,
    ts: str | None = None,
) -> None:
    """Redraw a request DM (the stored one, or the message pressed) as it stands now."""
    channel_id, ts = channel_id or decision.dm_channel_id, ts or decision.dm_ts
    if channel_id is None or ts is None:
        return
    text, blocks = request_dm(decision, content)
    try:
        client.chat_update(channel=channel_id, ts=ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update decision request %s: %s", decision.id, error_code(error))


def decide_and_show(
    client: WebClient,
    db: Database,
    ws: Workspace,
    subjects: dict[str, Subject],
    presenters: dict[str, Presenter],
    *,
    decision_id: int,
    actor_id: str,
    verdict: Verdict,
    note: str | None,
    now: datetime,
) -> None:
    """Decide and show it everywhere; a refused decision on a request that was decided,
    withdrawn or changed redraws the DM as it stands, then says why."""
    try:
        decided = make_decision(
            db,
            ws,
            subjects,
            decision_id=decision_id,
            actor_id=actor_id,
            verdict=verdict,
            note=note,
            now=now,
        )
    except (AlreadyDone, StaleRequest):
        current = get_decision(db, ws, decision_id)
        presenter = presenters[current.subject]
        show_request(client, current, presenter.content(db, ws, current))
        raise
    presenter = presenters[decided.subject]
    show_request(client, decided, presenter.content(db, ws, decided))
    presenter.after(client, db, ws, decided)


def send_due_reminders(
    client: WebClient, db: Database, presenters: dict[str, Presenter], now: datetime
) -> int:
    """One polite reminder per undecided request that is due, sent by one instance only."""
    sent = 0
    for claimed in claim_due_reminders(db, now):
        decision = claimed.decision
        content = presenters[decision.subject].content(db, claimed.workspace, decision)
        if content.stale or decision.dm_ts is None:
            continue  # nothing left to decide, or the request never reached them
        try:
            client.chat_postMessage(
                channel=decision.dm_channel_id or decision.decider_id,
                thread_ts=decision.dm_ts,
                reply_broadcast=True,
                text=reminder(decision, content),
            )
        except SlackApiError as error:
            log.warning("reminder %s not sent (%s); next tick", decision.id, error_code(error))
            release_reminder(db, claimed)
            continue
        sent += 1
    return sent
