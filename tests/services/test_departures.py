"""A workspace that leaves: its rows deleted by the tick, in batches, and nobody else's;
kept for the grace period when one is set; an org-wide uninstall takes every workspace of
the org; a reinstall in time keeps the data, a later one starts empty."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from slack_app.domain.workspace import Workspace
from slack_app.services.departures import arrived, counts, departed, purge, purge_departed
from slack_app.store.database import Database
from slack_app.store.models import FirstFollowerAskRow
from tests.store.test_unit_of_work import a_stand
from tests.support.clock import EPOCH

ACME, GLOBEX = Workspace("T0ACME0001"), Workspace("T0GLOBEX01")
NORTH, SOUTH = Workspace("T0NORTH001", "E0GRID0001"), Workspace("T0SOUTH001", "E0GRID0001")
WEEK = timedelta(days=7)


def stands(db: Database, workspace: Workspace, n: int = 3) -> None:
    """``n`` stands, each with an ask: two tables, parent and child."""
    with db.unit_of_work(workspace) as uow:
        for i in range(n):
            stand = a_stand(f"{workspace.team_id}'s {i}")
            uow.session.add(stand)
            uow.flush()
            uow.session.add(FirstFollowerAskRow(stand_id=stand.id, user_id="U2", asked_at=EPOCH))


def total(db: Database, workspace: Workspace) -> int:
    return sum(counts(db, workspace).values())


def leave(db: Database, workspace: Workspace, *, keep: timedelta = timedelta(0)) -> None:
    departed(
        db,
        enterprise_id=workspace.enterprise_id,
        team_id=workspace.team_id,
        now=EPOCH,
        keep=keep,
        why="app_uninstalled",
    )


def test_the_tick_deletes_a_departed_workspace_in_batches_and_no_one_elses(db: Database) -> None:
    for workspace in (ACME, GLOBEX):
        stands(db, workspace, 5)
    leave(db, ACME)
    commits: list[int] = []
    event.listen(db.engine, "commit", lambda _: commits.append(1))

    assert purge_departed(db, EPOCH, batch=2) == 10

    assert total(db, ACME) == 0
    assert total(db, GLOBEX) == 10
    assert len(commits) >= 10 // 2  # two rows per transaction at most
    assert purge_departed(db, EPOCH + WEEK) == 0  # done once: the departure is forgotten


def test_a_grace_period_keeps_the_data_until_it_ends(db: Database) -> None:
    stands(db, ACME)
    leave(db, ACME, keep=WEEK)

    assert purge_departed(db, EPOCH + WEEK - timedelta(seconds=1)) == 0
    assert total(db, ACME) == 6
    assert purge_departed(db, EPOCH + WEEK) == 6
    assert total(db, ACME) == 0


def test_coming_back_within_the_grace_period_keeps_the_data(db: Database) -> None:
    stands(db, ACME)
    leave(db, ACME, keep=WEEK)

    assert arrived(db, enterprise_id=None, team_id=ACME.team_id, now=EPOCH + timedelta(days=1)) == 0

    assert purge_departed(db, EPOCH + 2 * WEEK) == 0
    assert total(db, ACME) == 6


def test_coming_back_after_the_data_was_due_to_go_starts_empty(db: Database) -> None:
    stands(db, ACME)
    leave(db, ACME)  # no tick ran since

    assert arrived(db, enterprise_id=None, team_id=ACME.team_id, now=EPOCH) == 6
    assert total(db, ACME) == 0


def test_an_org_wide_uninstall_deletes_every_workspace_of_the_org(db: Database) -> None:
    for workspace in (NORTH, SOUTH, GLOBEX):
        stands(db, workspace, 2)
    departed(db, enterprise_id="E0GRID0001", team_id=None, now=EPOCH, keep=timedelta(0), why="x")

    assert purge_departed(db, EPOCH) == 8

    assert (total(db, NORTH), total(db, SOUTH), total(db, GLOBEX)) == (0, 0, 4)


@pytest.mark.parametrize("batch", [1, 500])
def test_purge_leaves_the_other_workspace_whatever_the_batch(db: Database, batch: int) -> None:
    stands(db, GLOBEX, 2)  # first in key order: a batch picked across workspaces would take them
    stands(db, ACME, 2)

    assert purge(db, ACME, batch=batch) == 4
    assert (total(db, ACME), total(db, GLOBEX)) == (0, 4)
