"""Every query about a pilot's structure, scoped to one workspace and one pilot.

The six parts share their shape (a pilot, a removal kept as history), so one repository
serves them all by kind. Loading a structure is one query per part, whatever its size.

It runs only in its workspace's unit of work, whose session adds the workspace to every
statement and stamps every new row with it: the pilot is the one filter added here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select, update

from slack_app.domain.structure import (
    Approval,
    ApprovalStatus,
    Deliverable,
    Funding,
    FundingStatus,
    Item,
    Kind,
    Milestone,
    MilestoneStatus,
    Role,
    RoleKind,
    Structure,
)
from slack_app.store.models import (
    ApprovalRow,
    DeliverableRow,
    FundingRow,
    MilestoneRow,
    RoleRow,
    StructureItem,
)
from slack_app.store.repository import Repository
from slack_app.store.unit_of_work import UnitOfWork

ROWS: dict[Kind, Any] = {
    Kind.MILESTONE: MilestoneRow,
    Kind.DELIVERABLE: DeliverableRow,
    Kind.ROLE: RoleRow,
    Kind.FUNDING: FundingRow,
    Kind.APPROVAL: ApprovalRow,
}


class StructureRepository(Repository):
    def __init__(self, uow: UnitOfWork, pilot_id: int) -> None:
        super().__init__(uow)
        self._pilot_id = pilot_id

    def _live(self, row: type[StructureItem]) -> ColumnElement[bool]:
        return and_(
            row.pilot_id == self._pilot_id,
            row.removed_at.is_(None),
        )

    def _rows(self, kind: Kind) -> list[Any]:
        model = ROWS[kind]
        return list(
            self._session.scalars(select(model).where(self._live(model)).order_by(model.id))
        )

    def load(self) -> Structure:
        """The pilot's whole live structure: five queries, however large it is."""
        return Structure(
            milestones=[to_milestone(r) for r in self._rows(Kind.MILESTONE)],
            deliverables=[to_deliverable(r) for r in self._rows(Kind.DELIVERABLE)],
            roles=[to_role(r) for r in self._rows(Kind.ROLE)],
            funding=[to_funding(r) for r in self._rows(Kind.FUNDING)],
            approvals=[to_approval(r) for r in self._rows(Kind.APPROVAL)],
        )

    def get(self, kind: Kind, item_id: int) -> Item | None:
        """A live item of this pilot; None for another pilot's, another workspace's, or gone."""
        model = ROWS[kind]
        row = self._session.scalars(
            select(model).where(self._live(model), model.id == item_id)
        ).one_or_none()
        return None if row is None else CONVERT[kind](row)

    def add(self, kind: Kind, values: dict[str, Any], *, now: datetime) -> Item:
        row = ROWS[kind](
            pilot_id=self._pilot_id,
            created_at=now,
            **values,
        )
        self._session.add(row)
        self._session.flush()
        item: Item = CONVERT[kind](row)
        return item

    def change(self, kind: Kind, item_id: int, values: dict[str, Any]) -> Item | None:
        """Change a live item; None when it is not (or no longer) one of this pilot's."""
        model = ROWS[kind]
        result = self._session.execute(
            update(model)
            .where(self._live(model), model.id == item_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self._session.expire_all()
        return self.get(kind, item_id) if getattr(result, "rowcount", 0) else None

    def remove(self, kind: Kind, item_id: int, *, by: str, now: datetime) -> bool:
        """Take it out of the structure, keeping the row as history."""
        model = ROWS[kind]
        result = self._session.execute(
            update(model)
            .where(self._live(model), model.id == item_id)
            .values(removed_at=now, removed_by=by)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def remove_deliverables_of(self, milestone_id: int, *, by: str, now: datetime) -> int:
        result = self._session.execute(
            update(DeliverableRow)
            .where(self._live(DeliverableRow), DeliverableRow.milestone_id == milestone_id)
            .values(removed_at=now, removed_by=by)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0))


def to_milestone(row: MilestoneRow) -> Milestone:
    return Milestone(
        id=row.id,
        pilot_id=row.pilot_id,
        title=row.title,
        due=row.due_on,
        owner_id=row.owner_id,
        status=MilestoneStatus(row.status),
    )


def to_deliverable(row: DeliverableRow) -> Deliverable:
    return Deliverable(
        id=row.id,
        pilot_id=row.pilot_id,
        milestone_id=row.milestone_id,
        title=row.title,
        owner_id=row.owner_id,
        due=row.due_on,
        done=row.done,
        done_by=row.done_by,
        done_at=row.done_at,
    )


def to_role(row: RoleRow) -> Role:
    return Role(
        id=row.id,
        pilot_id=row.pilot_id,
        user_id=row.user_id,
        kind=RoleKind(row.kind),
        name=row.name,
        responsibility=row.responsibility,
        can_edit=row.can_edit,
    )


def to_funding(row: FundingRow) -> Funding:
    return Funding(
        id=row.id,
        pilot_id=row.pilot_id,
        source=row.source,
        amount=row.amount,
        currency=row.currency,
        status=FundingStatus(row.status),
        committed_by=row.committed_by,
    )


def to_approval(row: ApprovalRow) -> Approval:
    return Approval(
        id=row.id,
        pilot_id=row.pilot_id,
        what=row.what,
        approver_id=row.approver_id,
        due=row.due_on,
        status=ApprovalStatus(row.status),
        version=row.version,
    )


CONVERT: dict[Kind, Any] = {
    Kind.MILESTONE: to_milestone,
    Kind.DELIVERABLE: to_deliverable,
    Kind.ROLE: to_role,
    Kind.FUNDING: to_funding,
    Kind.APPROVAL: to_approval,
}
