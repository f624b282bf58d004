"""The decision mechanism's Slack side, for every subject: the request DM, the decision and
its refusals shown in place, and the scheduler's one polite reminder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.decisions import Decision
from slack_app.domain.errors import DomainError
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent, reminder, request_dm
from slack_app.services import Database, UnitOfWork
from slack_app.services.decisions import (
    Reminder,
    claim_reminder_of,
    due_reminder_ids,
    get_decision,
    record_request_dm,
    release_reminder,
)
from slack_app.slack.errors import error_code
from slack_app.slack.posting import Posted, send_dm

log = logging.getLogger(__name__)


class Presenter(Protocol):
    """What a kind of decided thing shows in Slack."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        """The request DM's body, marked stale when the subject changed since."""
        ...

    def after(self, client: WebClient, db: Database, ws: Workspace, decided: Decision) -> None:
        """Tell whoever needs to know about the decision."""
        ...


@dataclass(frozen=True, slots=True)
class RequestSent:
    """A request DM posted (where it went), or why Slack refused it (a sentence for the
    requester)."""

    decision_id: int
    dm: Posted

    def record(self, uow: UnitOfWork) -> None:
        """Remember where the DM went, to redraw it and to thread its reminder."""
        if self.dm.ts is not None:
            record_request_dm(uow, self.decision_id, channel_id=self.dm.channel, ts=self.dm.ts)


def post_request(client: WebClient, decision: Decision, content: RequestContent) -> RequestSent:
    """DM the request to the decider; the caller records where it went."""
    text, blocks = request_dm(decision, content)
    sent = send_dm(client, decision.decider_id, what="request", text=text, blocks=blocks)
    return RequestSent(decision.id, sent)


def send_request(
    client: WebClient, db: Database, ws: Workspace, decision: Decision, content: RequestContent
) -> str | None:
    """DM the request to the decider and record where it went, in a unit of work of its
    own; a sentence for the requester when it fails."""
    sent = post_request(client, decision, content)
    if sent.dm.ts is not None:
        with db.unit_of_work(ws) as uow:
            sent.record(uow)
    return sent.dm.problem


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


def redraw_request(
    client: WebClient,
    db: Database,
    ws: Workspace,
    presenters: dict[str, Presenter],
    decision_id: int,
) -> None:
    """Show a request DM as it stands now (after a refused press on an old copy)."""
    with db.unit_of_work(ws) as uow:
        current = get_decision(uow, decision_id)
    show_request(client, current, presenters[current.subject].content(db, ws, current))


def show_decided(
    client: WebClient,
    db: Database,
    ws: Workspace,
    presenters: dict[str, Presenter],
    decided: Decision,
) -> None:
    """The decision everywhere: the decider's DM, then whoever the subject tells."""
    presenter = presenters[decided.subject]
    show_request(client, decided, presenter.content(db, ws, decided))
    presenter.after(client, db, ws, decided)


def send_due_reminders(
    client: WebClient, db: Database, presenters: dict[str, Presenter], now: datetime
) -> int:
    """One polite reminder per undecided request that is due, sent by one instance only.

    Claimed and sent one at a time: a reminder that fails for any reason is released for
    the next tick, and never keeps the others from being sent.
    """
    sent = 0
    for decision_id in due_reminder_ids(db, now):
        claimed = claim_reminder_of(db, decision_id, now)
        if claimed is None:
            continue  # another instance has it
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
