"""The decision mechanism's Slack side, for every subject: the request DM sent once and
redrawn in place (as the outbox delivers them), and the scheduler's one polite reminder."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.domain.decisions import Decision
from slack_app.domain.errors import DomainError
from slack_app.domain.outbox import Effect
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent, reminder, request_dm
from slack_app.services import Database, UnitOfWork
from slack_app.services.decisions import (
    Reminder,
    claim_reminder_of,
    due_reminder_ids,
    release_reminder,
)
from slack_app.slack.clients import Clients, clients_of
from slack_app.slack.errors import unless_passing
from slack_app.slack.history import find_own_dm, marked
from slack_app.slack.posting import Posted, send_dm

log = logging.getLogger(__name__)


class Presenter(Protocol):
    """What a kind of decided thing shows in Slack."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        """The request DM's body, marked stale when the subject changed since."""
        ...

    def request_sent(
        self, uow: UnitOfWork, request: Decision, problem: str | None, *, again: bool
    ) -> list[Effect]:
        """Who hears that the request went (or why it could not: ``problem``)."""
        ...

    def decided(self, uow: UnitOfWork, decided: Decision) -> list[Effect]:
        """Who hears of the decision, and what is redrawn for it."""
        ...


def find_request(client: WebClient, decision: Decision) -> Posted | None:
    """The request DM an earlier try may have sent (by its decision's id), if it did."""
    channel, ts = find_own_dm(
        client, decision.decider_id, Metadata.DECISION_REQUEST, "decision_id", decision.id
    )
    return None if ts is None else Posted(channel, ts=ts)


def post_request(client: WebClient, decision: Decision, content: RequestContent) -> Posted:
    """DM the request to the decider, recognisable by its decision's id: where it went, or
    a sentence for whoever asked. Slack's passing trouble is raised, to be tried again."""
    text, blocks = request_dm(decision, content)
    metadata = marked(Metadata.DECISION_REQUEST, "decision_id", decision.id)
    return send_dm(
        client,
        decision.decider_id,
        what="request",
        text=text,
        blocks=blocks,
        metadata=metadata,
        retry_later=True,
    )


def show_request(client: WebClient, decision: Decision, content: RequestContent) -> None:
    """Redraw a request DM as it stands now (a DM deleted is left; Slack's passing trouble
    is raised, to be tried again)."""
    if decision.dm_channel_id is None or decision.dm_ts is None:
        return
    text, blocks = request_dm(decision, content)
    channel, ts = decision.dm_channel_id, decision.dm_ts
    unless_passing(
        f"update decision request {decision.id}",
        lambda: client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks),
    )


def send_due_reminders(
    slack: WebClient | Clients, db: Database, presenters: dict[str, Presenter], now: datetime
) -> int:
    """One polite reminder per undecided request that is due, sent by one instance only.

    Claimed and sent one at a time: a reminder that fails for any reason is released for
    the next tick, and never keeps the others from being sent.
    """
    sent, clients = 0, clients_of(slack)
    for decision_id in due_reminder_ids(db, now):
        claimed = claim_reminder_of(db, decision_id, now)
        if claimed is None:
            continue  # another instance has it
        client = clients.of(claimed.workspace)
        if client is None:  # not installed (yet): the next tick
            release_reminder(db, claimed)
            continue
        try:
            sent += _remind(client, db, presenters, claimed)
        except DomainError as gone:  # its subject is gone: nothing to remind of, ever
            log.info("reminder %s dropped: %s", decision_id, gone.message)
        except Exception:
            log.exception("reminder %s not sent; the next tick tries again", decision_id)
            release_reminder(db, claimed)
    return sent


def _remind(
    client: WebClient, db: Database, presenters: dict[str, Presenter], claimed: Reminder
) -> int:
    decision = claimed.decision
    content = presenters[decision.subject].content(db, claimed.workspace, decision)
    if content.stale or decision.dm_ts is None:
        return 0  # nothing left to decide, or the request never reached them
    client.chat_postMessage(
        channel=decision.dm_channel_id or decision.decider_id,
        thread_ts=decision.dm_ts,
        reply_broadcast=True,
        text=reminder(decision, content),
    )
    return 1
