"""Necessary approvals in Slack: the approver's request DM, and who hears the decision."""

from __future__ import annotations

from slack_sdk import WebClient

from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.structure import Approval, ApprovalStatus
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.decisions.requests import send_request, show_request
from slack_app.flows.structure.messages import approval_request
from slack_app.services import Database
from slack_app.services.approvals import approval_bench
from slack_app.services.snapshots import PilotSnapshot
from slack_app.services.structure import Changed
from slack_app.slack.posting import tell

GONE = RequestContent(text="This approval is no longer part of the pilot.", stale=True)


def request_content(
    approval: Approval, snapshot: PilotSnapshot, decision: Decision
) -> RequestContent:
    """The approver's DM for ``decision``, marked stale once the approval moved on."""
    stale = approval.status is not ApprovalStatus.PENDING or approval.version != decision.version
    closed = decision.closed_at is not None
    return approval_request(
        approval,
        snapshot.view,
        decision.requester_id,
        stale=decision.verdict is None and (closed or stale or not snapshot.pilot.open),
    )


def _stored(db: Database, ws: Workspace, approval_id: int) -> tuple[Approval, PilotSnapshot] | None:
    with db.unit_of_work(ws) as uow:
        return approval_bench(uow, approval_id)


class ApprovalPresenter:
    """Necessary approvals in the decision mechanism's messages (its reminders, and the
    decider's buttons), read from what is stored."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        found = _stored(db, ws, decision.subject_id)
        if found is None:
            return GONE
        approval, snapshot = found
        return request_content(approval, snapshot, decision)

    def after(self, client: WebClient, db: Database, ws: Workspace, decided: Decision) -> None:
        found = _stored(db, ws, decided.subject_id)
        if found is None:
            return
        approval, snapshot = found  # (the charter's redraw is in the outbox, with the verdict)
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
            tell(client, user_id, text, what="tell the lead")


def _approval_of(changed: Changed, decision: Decision) -> Approval:
    approval = changed.item
    if not isinstance(approval, Approval) or approval.id != decision.subject_id:
        raise BrokenInvariant(f"expected decision {decision.id} to be about the changed approval")
    return approval


def put_to_approver(client: WebClient, db: Database, ws: Workspace, changed: Changed) -> None:
    """The approver's DM with the three buttons, for an approval just added or edited; the
    lead hears when it cannot be sent."""
    request = changed.request
    if request is None:
        return
    content = request_content(_approval_of(changed, request), changed.snapshot, request)
    problem = send_request(client, db, ws, request, content)
    if problem is not None:
        lead_id = changed.snapshot.pilot.proposer_id
        tell(client, lead_id, f":warning: {problem}", what="tell the lead")


def retire(client: WebClient, changed: Changed) -> None:
    """Requests overtaken by an edit or a removal lose their buttons."""
    for old in changed.stale:
        if changed.action == "remove":
            content = GONE
        else:
            content = request_content(_approval_of(changed, old), changed.snapshot, old)
        show_request(client, old, content)
