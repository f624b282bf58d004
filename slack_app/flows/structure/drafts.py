"""Reading a submitted structure form back into the draft its rules check."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from slack_app.domain.structure import FundingStatus, Kind, MilestoneStatus, RoleKind
from slack_app.domain.structure_rules import (
    ApprovalDraft,
    DeliverableDraft,
    Draft,
    FundingDraft,
    MilestoneDraft,
    RoleDraft,
)


def _state(view: dict[str, Any], block: str) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(block) or {}).get(block) or {}
    return found if isinstance(found, dict) else {}


def _text(view: dict[str, Any], block: str) -> str:
    return str(_state(view, block).get("value") or "")


def _date(view: dict[str, Any], block: str) -> date | None:
    raw = _state(view, block).get("selected_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _user(view: dict[str, Any], block: str) -> str | None:
    found = _state(view, block).get("selected_user")
    return str(found) if found else None


def _choice(view: dict[str, Any], block: str) -> str | None:
    chosen = _state(view, block).get("selected_option") or {}
    return chosen.get("value")


def _ticked(view: dict[str, Any], block: str) -> bool:
    return bool(_state(view, block).get("selected_options"))


E = TypeVar("E", MilestoneStatus, FundingStatus, RoleKind)


def _enum(kind: type[E], raw: str | None) -> E | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def _number(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def parse_draft(kind: Kind, view: dict[str, Any]) -> Draft:
    """The draft of ``kind`` as the person filled the form in (unchecked)."""
    outside = _ticked(view, "outside_ok")
    if kind is Kind.MILESTONE:
        status = _enum(MilestoneStatus, _choice(view, "status")) or MilestoneStatus.NOT_STARTED
        return MilestoneDraft(
            _text(view, "title"), _date(view, "due"), _user(view, "owner"), status, outside
        )
    if kind is Kind.DELIVERABLE:
        return DeliverableDraft(
            _text(view, "title"),
            _number(_choice(view, "milestone")),
            _user(view, "owner"),
            _date(view, "due"),
            _ticked(view, "done"),
            outside,
        )
    if kind is Kind.ROLE:
        return RoleDraft(
            _user(view, "person"),
            _enum(RoleKind, _choice(view, "role")),
            _text(view, "custom_name"),
            _text(view, "responsibility"),
            _ticked(view, "can_edit"),
        )
    if kind is Kind.FUNDING:
        return FundingDraft(
            _text(view, "source"),
            _text(view, "amount"),
            _text(view, "currency"),
            _enum(FundingStatus, _choice(view, "status")),
            _user(view, "committed_by"),
        )
    return ApprovalDraft(_text(view, "what"), _user(view, "approver"), _date(view, "due"), outside)


def people_named(draft: Draft) -> set[str]:
    """Everyone the draft names, to look up before it is checked."""
    names = [
        getattr(draft, field, None)
        for field in ("owner_id", "user_id", "committed_by", "approver_id")
    ]
    return {name for name in names if name}
