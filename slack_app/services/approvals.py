"""Necessary approvals in the decision mechanism: the approver decides the version they were
shown, like a sponsor decides a proposal; the approval's status follows the verdict."""

from __future__ import annotations

from slack_app.domain.audit import Entry
from slack_app.domain.decisions import Decision
from slack_app.domain.errors import BrokenInvariant, NotFound
from slack_app.domain.outbox import redraw_charter
from slack_app.domain.pilots import Pilot
from slack_app.domain.structure import Approval, ApprovalStatus, Kind
from slack_app.services.snapshots import PilotSnapshot, snapshot_in
from slack_app.services.structure_reads import APPROVAL
from slack_app.store.audit import AuditRepository
from slack_app.store.models import ApprovalRow
from slack_app.store.pilots import PilotRepository
from slack_app.store.structure import StructureRepository
from slack_app.store.unit_of_work import UnitOfWork

APPROVAL_MOVES = {
    "approve": ApprovalStatus.APPROVED,
    "request_changes": ApprovalStatus.CHANGES_REQUESTED,
    "decline": ApprovalStatus.DECLINED,
}


def _approval_and_pilot(uow: UnitOfWork, approval_id: int) -> tuple[Approval, Pilot] | None:
    row = uow.session.get(ApprovalRow, approval_id)
    if row is None or row.team_id != uow.workspace.team_id or row.removed_at is not None:
        return None
    pilot = PilotRepository(uow).get(row.pilot_id, for_update=True)
    item = StructureRepository(uow, row.pilot_id).get(Kind.APPROVAL, approval_id)
    if pilot is None or not isinstance(item, Approval):
        return None
    return item, pilot


class ApprovalSubject:
    """Necessary approvals in the decision mechanism: the approver decides a version."""

    def version(self, uow: UnitOfWork, subject_id: int) -> int | None:
        found = _approval_and_pilot(uow, subject_id)
        if found is None or not found[1].open:
            return None
        approval = found[0]
        return approval.version if approval.status is ApprovalStatus.PENDING else None

    def pilot_of(self, uow: UnitOfWork, subject_id: int) -> int | None:
        row = uow.session.get(ApprovalRow, subject_id)
        return row.pilot_id if row is not None and row.team_id == uow.workspace.team_id else None

    def apply(self, uow: UnitOfWork, decided: Decision) -> None:
        found = _approval_and_pilot(uow, decided.subject_id)
        if found is None:
            raise BrokenInvariant(
                f"expected approval {decided.subject_id}, held by version() in this transaction"
            )
        if decided.verdict is None or decided.decided_at is None:
            raise BrokenInvariant(
                f"expected decision {decided.id} to have a verdict and a decision time when applied"
            )
        approval, pilot = found
        status = APPROVAL_MOVES[decided.verdict.value]
        items = StructureRepository(uow, pilot.id)
        after = items.change(Kind.APPROVAL, approval.id, {"status": status.value})
        if after is None:
            raise NotFound("That approval was removed a moment ago.")
        AuditRepository(uow).add(
            Entry(
                subject=APPROVAL,
                subject_id=approval.id,
                actor_id=decided.decider_id,
                action=decided.verdict.value,
                before=approval.status.value,
                after=status.value,
                at=decided.decided_at,
                note=decided.note,
                version=approval.version,
            )
        )
        uow.record([redraw_charter(pilot.id)], now=decided.decided_at)


def approval_bench(uow: UnitOfWork, approval_id: int) -> tuple[Approval, PilotSnapshot] | None:
    """An approval and its pilot, for the approver's DM (as the requester sees it)."""
    found = _approval_and_pilot(uow, approval_id)
    if found is None:
        return None
    approval, pilot = found
    return approval, snapshot_in(uow, pilot, pilot.proposer_id)
