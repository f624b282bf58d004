"""How long the charter takes to rebuild, and how many queries, as a pilot grows.

Builds a small pilot (one of each part) and the issue's large one (40 milestones, 200
deliverables, 30 roles, 20 funding sources, 30 approvals) in a fresh SQLite database, then
rebuilds each charter N times the way the app does after every change: load the pilot and
its whole structure, build the message (and the full-charter modal). Prints time and
queries per rebuild, and the large pilot's figures as ratios of the small one's.

    uv run --frozen python -m benchmarks.charter [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from slack_app.domain.workspace import Workspace
from slack_app.flows.structure.charter import charter_message, charter_modal
from slack_app.services.snapshots import load_snapshot
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.schema import upgrade_to_head
from slack_app.store.stands import StandRepository
from tests.store.test_pilots_repository import PROPOSAL
from tests.support.big_pilot import NOW, fill
from tests.support.factories import a_draft

WS = Workspace("T0BENCH001")


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Every SQL statement run inside the block."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def a_pilot(db: Database, **sizes: int) -> int:
    with db.unit_of_work(WS) as uow:
        stand = StandRepository(uow).add(author_id="U0LEAD0001", draft=a_draft(), now=NOW)
        pilot = PilotRepository(uow).add(
            stand_id=stand.id,
            proposer_id="U0LEAD0001",
            proposal=PROPOSAL,
            shielded=False,
            zone="UTC",
            now=NOW,
        )
    fill(db, WS, pilot.id, **sizes)
    return pilot.id


def rebuild(db: Database, pilot_id: int) -> int:
    """One charter rebuild, as after a change; the number of blocks built."""
    with db.unit_of_work(WS) as uow:
        snapshot = load_snapshot(uow, actor_id="U0LEAD0001", pilot_id=pilot_id)
    _, blocks = charter_message(snapshot.view, snapshot.structure, snapshot.roster)
    modal = charter_modal(snapshot.view, snapshot.structure, snapshot.roster)
    return len(blocks) + len(modal.blocks)


def measure(db: Database, pilot_id: int, n: int) -> tuple[float, float]:
    """(ms per rebuild, queries per rebuild)."""
    rebuild(db, pilot_id)  # warm up
    with counting(db) as statements:
        started = time.perf_counter()
        for _ in range(n):
            rebuild(db, pilot_id)
        elapsed = time.perf_counter() - started
    return elapsed / n * 1000, len(statements) / n


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'snapshot.db'}")
        upgrade_to_head(db.engine)
        small = a_pilot(db, milestones=1, deliverables=1, roles=1, funding=1, approvals=1)
        large = a_pilot(db)
        small_ms, small_q = measure(db, small, n)
        large_ms, large_q = measure(db, large, n)
        db.dispose()
    print(f"charter rebuild over {n} rebuilds each")
    print(f"  small pilot (1 of each)               {small_ms:7.2f} ms  {small_q:4.1f} queries")
    print(f"  large pilot (40/200/30/20/30)         {large_ms:7.2f} ms  {large_q:4.1f} queries")
    print(
        f"  large vs small: time x {large_ms / small_ms:4.1f}, queries x {large_q / small_q:4.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
