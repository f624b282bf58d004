"""F5: building a pilot's structure: add, edit and remove each of its six parts, with who
may do what, the rules, the audit trail, and the approvals put to their approvers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from slack_app.domain.decisions import Decision
from slack_app.domain.errors import BrokenInvariant, DomainError, InvalidInput, NotAllowed, NotFound
from slack_app.domain.outbox import redraw_charter
from slack_app.domain.people import Person
from slack_app.domain.structure import (
    Approval,
    ApprovalStatus,
    Item,
    Kind,
    Role,
    Structure,
)
from slack_app.domain.structure_rules import (
    DeliverableDraft,
    Draft,
    FundingDraft,
    MilestoneDraft,
    RoleDraft,
    check_approval,
    check_deliverable,
    check_funding,
    check_milestone,
    check_role,
)
from slack_app.domain.workspace import Workspace
from slack_app.services.decisions import close_requests, request_decision
from slack_app.services.snapshots import PilotSnapshot, locked_snapshot, with_structure
from slack_app.services.structure_reads import APPROVAL, audit_change
from slack_app.services.structure_values import (
    assigned_to,
    done_values,
    is_done,
    owner_may,
    part_of,
    placed,
    taken_out,
    values_of,
)
from slack_app.store.database import Database
from slack_app.store.structure import StructureRepository
from slack_app.store.unit_of_work import UnitOfWork

CLOSED = "This pilot is closed, so its structure can't change any more."


@dataclass(frozen=True, slots=True)
class Changed:
    """A change made: the pilot after it, what changed, and who must hear of it."""

    snapshot: PilotSnapshot
    kind: Kind
    item: Item
    action: str  # add, edit, remove
    assigned: list[str] = field(default_factory=list)  # people who now own or hold it
    request: Decision | None = None  # an approval put to its approver
    stale: list[Decision] = field(default_factory=list)
    finished: bool = False  # a milestone or deliverable just became done: a small win


def _check(
    snapshot: PilotSnapshot,
    kind: Kind,
    draft: Draft,
    people: dict[str, Person | None],
    actor_id: str,
) -> None:
    def person(user_id: str | None) -> Person | None:
        return None if user_id is None else people.get(user_id)

    dates = snapshot.dates
    if isinstance(draft, MilestoneDraft):
        errors = check_milestone(draft, dates, person(draft.owner_id))
    elif isinstance(draft, DeliverableDraft):
        known = {m.id for m in snapshot.structure.milestones}
        errors = check_deliverable(
            draft, dates, person(draft.owner_id), milestone_known=draft.milestone_id in known
        )
    elif isinstance(draft, RoleDraft):
        may_grant = actor_id == snapshot.pilot.proposer_id
        errors = check_role(draft, person(draft.user_id), may_grant=may_grant)
    elif isinstance(draft, FundingDraft):
        errors = check_funding(draft, person(draft.committed_by))
    else:
        errors = check_approval(draft, dates, person(draft.approver_id))
    if errors:
        raise InvalidInput(errors)


def _refuse_unless_allowed(snapshot: PilotSnapshot, allowed: bool) -> None:
    if not snapshot.pilot.open:
        raise DomainError(CLOSED)
    if not allowed:
        raise NotAllowed(
            f"Only the lead, <@{snapshot.pilot.proposer_id}>, and the people they allow can "
            "change this pilot's structure. Owners can update the status of their own "
            "milestones and deliverables."
        )


def save_item(
    uow: UnitOfWork,
    *,
    pilot_id: int,
    kind: Kind,
    item_id: int | None,
    draft: Draft,
    actor: Person,
    people: dict[str, Person | None],
    now: datetime,
) -> Changed:
    """Add (``item_id`` None) or edit one part of the structure; refused, with nothing
    stored, when the actor may not or the input breaks a rule. The pilot is loaded once:
    the snapshot returned is the one checked, with the change made to it."""
    snapshot = locked_snapshot(uow, pilot_id, actor_id=actor.user_id)
    pilot = snapshot.pilot
    items = StructureRepository(uow, pilot.id)
    before = None if item_id is None else part_of(snapshot.structure, kind, item_id)
    if item_id is not None and before is None:
        raise NotFound(f"That {kind.value} is not one of this pilot's (or it was removed).")
    _check(snapshot, kind, draft, people, actor.user_id)
    values = values_of(draft)
    _refuse_unless_allowed(
        snapshot, snapshot.may_edit or owner_may(kind, before, values, actor.user_id)
    )
    if kind is Kind.DELIVERABLE:
        values.update(done_values(before, values, actor.user_id, now))
    if kind is Kind.ROLE and actor.user_id != pilot.proposer_id:
        # Only the lead gives or takes the right; an editor's edit keeps it as it was.
        values["can_edit"] = isinstance(before, Role) and before.can_edit
    if kind is Kind.APPROVAL:
        values.update(status=ApprovalStatus.PENDING.value)
        if isinstance(before, Approval):
            values.update(version=before.version + 1)
    item = (
        items.add(kind, values, now=now)
        if before is None
        else items.change(kind, before.id, values)
    )
    if item is None:
        raise NotFound(f"That {kind.value} was removed a moment ago.")
    action = "add" if before is None else "edit"
    audit_change(
        uow,
        kind=kind,
        item=item,
        action=action,
        actor_id=actor.user_id,
        now=now,
        before=before,
    )
    request: Decision | None = None
    stale: list[Decision] = []
    if isinstance(item, Approval):
        approver = people.get(item.approver_id)
        if approver is None:
            raise BrokenInvariant(
                f"expected approver {item.approver_id} of approval {item.id}, checked above"
            )
        request, stale = request_decision(
            uow,
            subject=APPROVAL,
            subject_id=item.id,
            version=item.version,
            decider=approver,
            requester_id=actor.user_id,
            now=now,
        )
    after = with_structure(snapshot, placed(snapshot.structure, kind, item), actor.user_id)
    uow.record([redraw_charter(pilot.id)], now=now)
    assigned = assigned_to(kind, before, item, actor.user_id)
    finished = is_done(item) and not (before is not None and is_done(before))
    return Changed(after, kind, item, action, assigned, request, stale, finished)


def remove_item(
    uow: UnitOfWork,
    *,
    pilot_id: int,
    kind: Kind,
    item_id: int,
    actor_id: str,
    now: datetime,
) -> Changed:
    """Take a part out of the structure; its rows stay as history. A milestone takes its
    deliverables with it; an approval's pending request is closed."""
    snapshot = locked_snapshot(uow, pilot_id, actor_id=actor_id)
    pilot = snapshot.pilot
    _refuse_unless_allowed(snapshot, snapshot.may_edit)
    items = StructureRepository(uow, pilot.id)
    item = part_of(snapshot.structure, kind, item_id)
    if isinstance(item, Role) and item.can_edit and actor_id != pilot.proposer_id:
        raise NotAllowed("Only the lead can take away the right to edit the structure.")
    if item is None or not items.remove(kind, item_id, by=actor_id, now=now):
        raise NotFound(f"That {kind.value} is not one of this pilot's (or it was removed).")
    if kind is Kind.MILESTONE:
        items.remove_deliverables_of(item_id, by=actor_id, now=now)
    stale = close_requests(uow, APPROVAL, item_id, now) if kind is Kind.APPROVAL else []
    audit_change(
        uow, kind=kind, item=item, action="remove", actor_id=actor_id, now=now, before=item
    )
    after = with_structure(snapshot, taken_out(snapshot.structure, kind, item_id), actor_id)
    uow.record([redraw_charter(pilot.id)], now=now)
    return Changed(after, kind, item, "remove", stale=stale)


def structure_of(db: Database, ws: Workspace, pilot_id: int) -> Structure:
    """The pilot's structure as stored, in a unit of work of its own: for tests and tools
    reading back what the app did (the app itself reads it in a snapshot)."""
    with db.unit_of_work(ws) as uow:
        return StructureRepository(uow, pilot_id).load()
