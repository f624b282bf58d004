"""Necessary approvals in Slack: the approver's request DM, and who hears the decision."""

from __future__ import annotations

from slack_sdk import WebClient

from slack_app.blocks.structure_views import approval_request
from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.structure import ApprovalStatus
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.decisions.requests import send_request, show_request
from slack_app.services.approvals import approval_bench
from slack_app.slack.errors import best_effort
from slack_app.slack.structure import refresh_charter
from slack_app.store.database import Database

GONE = RequestContent(text="This approval is no longer part of the pilot.", stale=True)


class ApprovalPresenter:
    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        found = approval_bench(db, ws, decision.subject_id)
        if found is None:
            return GONE
        approval, snapshot = found
        stale = (
            approval.status is not ApprovalStatus.PENDING or approval.version != decision.version
        )
        closed = decision.closed_at is not None
        return approval_request(
            approval,
            snapshot.view,
            decision.requester_id,
            stale=decision.verdict is None and (closed or stale or not snapshot.pilot.open),
        )

    def after(self, client: WebClient, db: Database, ws: Workspace, decided: Decision) -> None:
        found = approval_bench(db, ws, decided.subject_id)
        if found is None:
            return
        approval, snapshot = found
        at = decided.decided_at or decided.requested_at  # the request's own now
        best_effort(
            "redraw the charter", lambda: refresh_charter(client, db, ws, snapshot.pilot.id, now=at)
        )
        if decided.verdict is None:
            raise BrokenInvariant(
                f"expected decision {decided.id} to have a verdict when announced"
            )
        note = f"\n>{escape(clip(decided.note, 1000))}" if decided.note else ""
        title = escape(clip(snapshot.pilot.title, 150))
        text = (
            f"<@{decided.decider_id}> {VERDICT_WORDS[decided.verdict]} the necessary approval "
            f"“{escape(approval.what)}” of the pilot {title}.{note}"
        )
        for user_id in sorted({decided.requester_id, snapshot.pilot.proposer_id}):
            _tell(client, user_id, text)


def _tell(client: WebClient, user_id: str, text: str) -> None:
    best_effort("tell the lead", lambda: client.chat_postMessage(channel=user_id, text=text))


def put_to_approver(
    client: WebClient, db: Database, ws: Workspace, request: Decision, lead_id: str
) -> None:
    """The approver's DM with the three buttons; the lead hears when it cannot be sent."""
    content = ApprovalPresenter().content(db, ws, request)
    problem = send_request(client, db, ws, request, content)
    if problem is not None:
        best_effort(
            "tell the lead",
            lambda: client.chat_postMessage(channel=lead_id, text=f":warning: {problem}"),
        )


def retire(client: WebClient, db: Database, ws: Workspace, stale: list[Decision]) -> None:
    """Requests overtaken by an edit or a removal lose their buttons."""
    presenter = ApprovalPresenter()
    for old in stale:
        show_request(client, old, presenter.content(db, ws, old))
