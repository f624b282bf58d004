"""The models' own guarantees: statuses are enums in the database layer, and no
relationship can load lazily by accident."""

from __future__ import annotations

from enum import StrEnum

import pytest
from sqlalchemy import Enum, select, text
from sqlalchemy.exc import StatementError

from slack_app.domain.stands import StandStatus
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.models import Base, StandRow
from tests.store.test_unit_of_work import a_stand

ACME = Workspace("T0ACME0001")
# Every column that holds one of a fixed set of values. ``subject`` is open (any kind of
# thing decided or audited), and the audit trail's before/after hold any subject's state.
ENUM_COLUMNS = {
    ("stands", "source"),
    ("stands", "status"),
    ("first_follower_asks", "answer"),
    ("membership_changes", "before"),
    ("membership_changes", "after"),
    ("membership_changes", "via"),
    ("pilots", "state"),
    ("decisions", "verdict"),
    ("milestones", "status"),
    ("roles", "kind"),
    ("funding_sources", "status"),
    ("approvals", "status"),
    ("checkin_schedules", "cadence"),
    ("checkins", "state"),
}
OPEN_SETS = {("decisions", "subject"), ("audit_entries", "subject")}


def test_every_status_is_an_enum_in_the_database_layer() -> None:
    tables = Base.metadata.tables
    for table, column in ENUM_COLUMNS:
        kind = tables[table].columns[column].type
        assert isinstance(kind, Enum), f"{table}.{column} is {kind!r}, not an enum"
        assert kind.enum_class is not None
        assert issubclass(kind.enum_class, StrEnum)
        # Stored as the value (what the migrations' VARCHAR holds), not the member's name.
        assert kind.enums == [member.value for member in kind.enum_class]
    for table, column in OPEN_SETS:
        assert not isinstance(tables[table].columns[column].type, Enum)


def test_a_status_reads_back_as_its_enum_member(db: Database) -> None:
    with db.unit_of_work(ACME) as uow:
        uow.session.add(a_stand("somewhere"))
    with db.unit_of_work(ACME) as uow:
        status = uow.session.scalars(select(StandRow.status)).one()
    assert status is StandStatus.DECLARED


def test_a_status_the_enum_does_not_know_never_reaches_the_database(db: Database) -> None:
    stand = a_stand("somewhere")
    stand.status = "decalred"  # type: ignore[assignment]  # the typo a string would allow
    with pytest.raises(StatementError, match="decalred"), db.unit_of_work(ACME) as uow:
        uow.session.add(stand)
    with db.across_workspaces() as session:
        assert session.execute(text("SELECT count(*) FROM stands")).scalar_one() == 0


def test_no_relationship_loads_lazily_by_accident() -> None:
    """A relationship must say how it loads (``lazy="raise"``, or an eager strategy), so a
    loop over rows can never issue one query per row unnoticed."""
    lazy = [
        f"{mapper.class_.__name__}.{name}"
        for mapper in Base.registry.mappers
        for name, relationship in mapper.relationships.items()
        if relationship.lazy not in ("raise", "raise_on_sql", "selectin", "joined")
    ]
    assert lazy == []
