"""All of one workspace's rows, table by table: to export them, count them, delete them.

Every query runs in the workspace's unit of work, so it is scoped to that workspace by
construction (the unit of work adds ``team_id`` to each); a table added later is found here
by its ``WorkspaceScoped`` mix-in, with no list to keep up to date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, delete, func, select, tuple_

from slack_app.store.models import Base, WorkspaceScoped
from slack_app.store.repository import Repository


@dataclass(frozen=True, slots=True)
class Kept:
    """One table of a workspace's data."""

    table: str
    model: type[WorkspaceScoped]


def kept_tables() -> list[Kept]:
    """Every workspace-owned table, children before parents (the order to delete in)."""
    models = {
        str(mapper.persist_selectable.name): mapper.class_  # type: ignore[attr-defined]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, WorkspaceScoped)
    }
    ordered = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name in models]
    return [Kept(name, models[name]) for name in ordered]


class WorkspaceData(Repository):
    """The workspace's rows in each of its tables."""

    def counts(self) -> dict[str, int]:
        return {
            kept.table: self._session.scalar(select(func.count()).select_from(kept.model)) or 0
            for kept in kept_tables()
        }

    def rows(self, kept: Kept) -> Iterator[dict[str, Any]]:
        """Each row as plain JSON values, in primary-key order."""
        table = _table(kept)
        query = select(*table.columns).select_from(kept.model).order_by(*table.primary_key)
        for row in self._session.execute(query).mappings():
            yield {name: _plain(value) for name, value in row.items()}

    def delete_some(self, kept: Kept, most: int) -> int:
        """Delete at most ``most`` of its rows; how many were deleted."""
        key = list(_table(kept).primary_key)
        # The unit of work scopes the subquery too: the rows it picks are this workspace's.
        some = select(*key).select_from(kept.model).limit(most)
        result = self._session.execute(delete(kept.model).where(tuple_(*key).in_(some)))
        return int(getattr(result, "rowcount", 0) or 0)


def _table(kept: Kept) -> Table:
    table = kept.model.__table__  # type: ignore[attr-defined]
    if not isinstance(table, Table):
        raise TypeError(f"{kept.table} is not a table")
    return table


# What a stored Slack payload carries that is no part of the workspace's data: the app's
# verification token, and other installations' ids in a shared channel.
NOT_THEIRS = frozenset({"token", "authorizations"})


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in NOT_THEIRS}
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value
