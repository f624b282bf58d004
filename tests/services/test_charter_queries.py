"""Rebuilding a charter reads a fixed number of queries, whatever the pilot's size."""

from __future__ import annotations

from benchmarks.charter import a_pilot, counting, rebuild
from slack_app.store.database import Database


def queries(db: Database, pilot_id: int) -> int:
    with counting(db) as statements:
        rebuild(db, pilot_id)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_structure(db: Database) -> None:
    small = a_pilot(db, milestones=1, deliverables=1, roles=1, funding=1, approvals=1)
    large = a_pilot(db)

    assert queries(db, small) == queries(db, large)
    assert queries(db, large) <= 12
