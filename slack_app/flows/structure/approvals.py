"""Necessary approvals in Slack: the approver's request DM, and who hears the decision."""

from __future__ import annotations

from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.outbox import Effect, redraw_request, send_request, tell
from slack_app.domain.structure import Approval, ApprovalStatus
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.structure.messages import approval_request
from slack_app.services import Database, UnitOfWork
from slack_app.services.approvals import approval_bench
from slack_app.services.snapshots import PilotSnapshot
from slack_app.services.structure import Changed

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

    def request_sent(
        self, uow: UnitOfWork, request: Decision, problem: str | None, *, again: bool
    ) -> list[Effect]:
        """The lead hears only when the request could not go."""
        if problem is None:
            return []
        found = approval_bench(uow, request.subject_id)
        lead_id = found[1].pilot.proposer_id if found else request.requester_id
        return [tell(lead_id, f":warning: {problem}")]

    def decided(self, uow: UnitOfWork, decided: Decision) -> list[Effect]:
        """Who asked and the lead hear (the charter's redraw goes with the verdict)."""
        found = approval_bench(uow, decided.subject_id)
        if found is None:
            return []
        approval, snapshot = found
        if decided.verdict is None:
            raise BrokenInvariant(f"expected decision {decided.id} to have a verdict when told")
        note = f"\n>{escape(clip(decided.note, 1000))}" if decided.note else ""
        title = escape(clip(snapshot.pilot.title, 150))
        text = (
            f"<@{decided.decider_id}> {VERDICT_WORDS[decided.verdict]} the necessary approval "
            f"“{escape(approval.what)}” of the pilot {title}.{note}"
        )
        return [
            tell(user_id, text)
            for user_id in sorted({decided.requester_id, snapshot.pilot.proposer_id})
        ]


def requests_of(changed: Changed) -> list[Effect]:
    """An approval added or edited is put to its approver; requests it overtook (by an edit
    or a removal) lose their buttons."""
    effects = [redraw_request(old.id) for old in changed.stale]
    if changed.request is not None:
        effects.append(send_request(changed.request.id))
    return effects
