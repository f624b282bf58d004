"""What a draft of the structure sets, and how a change compares with what was there: the
owner's status-only rule, who now holds it, whether it just became done, and the structure
once it is made (drawn from what was loaded, not loaded again)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.structure import (
    Deliverable,
    Item,
    Kind,
    Milestone,
    MilestoneStatus,
    Structure,
)
from slack_app.domain.structure_rules import (
    DeliverableDraft,
    Draft,
    FundingDraft,
    MilestoneDraft,
    RoleDraft,
)


def values_of(draft: Draft) -> dict[str, Any]:
    """The columns a checked draft sets."""
    if isinstance(draft, MilestoneDraft):
        return {
            "title": draft.title.strip(),
            "due_on": draft.due,
            "owner_id": draft.owner_id,
            "status": draft.status.value,
        }
    if isinstance(draft, DeliverableDraft):
        return {
            "title": draft.title.strip(),
            "milestone_id": draft.milestone_id,
            "owner_id": draft.owner_id,
            "due_on": draft.due,
            "done": draft.done,
        }
    if isinstance(draft, RoleDraft):
        if draft.kind is None:
            raise BrokenInvariant("expected a checked role draft to have a kind")
        return {
            "user_id": draft.user_id,
            "kind": draft.kind.value,
            "name": draft.name,
            "responsibility": draft.responsibility.strip(),
            "can_edit": draft.can_edit,
        }
    if isinstance(draft, FundingDraft):
        if draft.status is None:
            raise BrokenInvariant("expected a checked funding draft to have a status")
        return {
            "source": draft.source.strip(),
            "amount": draft.value,
            "currency": draft.currency.strip().upper(),
            "status": draft.status.value,
            "committed_by": draft.committed_by,
        }
    return {"what": draft.what.strip(), "approver_id": draft.approver_id, "due_on": draft.due}


STATUS_ONLY = {Kind.MILESTONE: {"status"}, Kind.DELIVERABLE: {"done"}}


def owner_may(kind: Kind, before: Item | None, values: dict[str, Any], actor_id: str) -> bool:
    """An owner may change the status of their own milestone or deliverable, nothing else."""
    if before is None or not isinstance(before, Milestone | Deliverable):
        return False
    if before.owner_id != actor_id:
        return False
    current = values_of(_as_draft(before))
    changed = {name for name, value in values.items() if current.get(name) != value}
    return changed <= STATUS_ONLY[kind]


def _as_draft(item: Milestone | Deliverable) -> Draft:
    if isinstance(item, Milestone):
        return MilestoneDraft(item.title, item.due, item.owner_id, item.status)
    return DeliverableDraft(item.title, item.milestone_id, item.owner_id, item.due, item.done)


def assigned_to(kind: Kind, before: Item | None, after: Item, actor_id: str) -> list[str]:
    """Who now owns or holds ``after`` and did not before (never the person acting)."""
    holder = {
        Kind.MILESTONE: "owner_id",
        Kind.DELIVERABLE: "owner_id",
        Kind.ROLE: "user_id",
        Kind.APPROVAL: "approver_id",
    }.get(kind)
    if holder is None or kind is Kind.APPROVAL:
        return []
    now_holds = getattr(after, holder)
    held = getattr(before, holder) if before is not None else None
    return [] if now_holds in (held, actor_id) else [now_holds]


def is_done(item: Item) -> bool:
    if isinstance(item, Milestone):
        return item.status is MilestoneStatus.DONE
    return isinstance(item, Deliverable) and item.done


def done_values(
    before: Item | None, values: dict[str, Any], actor_id: str, now: datetime
) -> dict[str, Any]:
    was_done = isinstance(before, Deliverable) and before.done
    if values["done"] and not was_done:
        return {"done_by": actor_id, "done_at": now}
    if not values["done"]:
        return {"done_by": None, "done_at": None}
    return {}


PARTS = {
    Kind.MILESTONE: "milestones",
    Kind.DELIVERABLE: "deliverables",
    Kind.ROLE: "roles",
    Kind.FUNDING: "funding",
    Kind.APPROVAL: "approvals",
}


def part_of(structure: Structure, kind: Kind, item_id: int) -> Item | None:
    """One live part of the structure, by id (None: not this pilot's, or removed)."""
    found: Item | None = next((i for i in getattr(structure, PARTS[kind]) if i.id == item_id), None)
    return found


def placed(structure: Structure, kind: Kind, item: Item) -> Structure:
    """The structure with ``item`` added, or in place of the one it edits.

    Parts are kept in the order they were added (by id, as the store loads them): a new one
    has the highest id, so it goes last."""
    part: list[Any] = list(getattr(structure, PARTS[kind]))
    at = next((n for n, old in enumerate(part) if old.id == item.id), None)
    if at is None:
        part.append(item)
    else:
        part[at] = item
    return replace(structure, **{PARTS[kind]: part})


def taken_out(structure: Structure, kind: Kind, item_id: int) -> Structure:
    """The structure without one part; a milestone takes its deliverables with it."""
    part: list[Any] = [old for old in getattr(structure, PARTS[kind]) if old.id != item_id]
    changed = replace(structure, **{PARTS[kind]: part})
    if kind is Kind.MILESTONE:
        kept = [d for d in structure.deliverables if d.milestone_id != item_id]
        changed = replace(changed, deliverables=kept)
    return changed
