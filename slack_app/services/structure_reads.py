"""What the structure's services share: the approvals' subject name, and the audit entry
of a change to a part."""

from __future__ import annotations

from datetime import datetime

from slack_app.domain.audit import Entry
from slack_app.domain.structure import Item, Kind
from slack_app.store.audit import AuditRepository
from slack_app.store.unit_of_work import UnitOfWork

APPROVAL = "approval"  # the subject of necessary approvals in decisions and the audit trail


def audit_change(
    uow: UnitOfWork,
    *,
    kind: Kind,
    item: Item,
    action: str,
    actor_id: str,
    now: datetime,
    before: Item | None,
) -> None:
    AuditRepository(uow).add(
        Entry(
            subject=kind.value,
            subject_id=item.id,
            actor_id=actor_id,
            action=action,
            before=_state(before),
            after="removed" if action == "remove" else _state(item),
            at=now,
            note=_label(item),
        )
    )


def _state(item: Item | None) -> str:
    if item is None:
        return "none"
    state = getattr(item, "status", None)
    if state is not None:
        return str(state.value)
    done = getattr(item, "done", None)
    return ("done" if done else "open") if done is not None else "present"


def _label(item: Item) -> str:
    for name in ("title", "what", "source", "name"):
        value = getattr(item, name, None)
        if value:
            return str(value)
    return ""
