"""A workspace that leaves: its rows deleted by the tick, in batches, and nobody else's;
kept for the grace period when one is set; an org-wide uninstall takes every workspace of
the org; a reinstall in time keeps the data, a later one starts empty."""

from __future__ import annotations

from datetime import timedelta

import pytest

from slack_app.domain.workspace import Workspace
from slack_app.services.departures import (
    SETTLE,
    arrived,
    counts,
    departed,
    purge,
    purge_departed,
)
from slack_app.store.database import Database
from slack_app.store.models import Base, FirstFollowerAskRow, bots
from slack_app.store.workspace_data import Kept, WorkspaceData, kept_tables
from tests.store.test_unit_of_work import a_stand
from tests.support.clock import EPOCH

ACME, GLOBEX = Workspace("T0ACME0001"), Workspace("T0GLOBEX01")
GRID = "E0GRID0001"
NORTH, SOUTH = Workspace("T0NORTH001", GRID), Workspace("T0SOUTH001", GRID)
WEEK = timedelta(days=7)
DUE = EPOCH + SETTLE  # the first tick a departure's data may go at


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
    deletes: list[tuple[str, int]] = []
    delete_some = WorkspaceData.delete_some

    def counted(data: WorkspaceData, kept: Kept, most: int) -> int:
        deleted = delete_some(data, kept, most)
        deletes.append((kept.table, deleted))
        return deleted

    assert purge_departed(db, DUE - timedelta(seconds=1)) == 0  # not before it settles
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WorkspaceData, "delete_some", counted)
        assert purge_departed(db, DUE, batch=2) == 10

    assert total(db, ACME) == 0
    assert total(db, GLOBEX) == 10
    assert [n for table, n in deletes if table == "stands"] == [2, 2, 1]  # a batch each
    assert purge_departed(db, DUE + WEEK) == 0  # done once: the departure is forgotten


def test_rows_written_while_the_data_went_are_deleted_at_the_next_tick(db: Database) -> None:
    stands(db, ACME, 2)
    leave(db, ACME)
    original = purge

    def purge_then_a_late_job(db: Database, workspace: Workspace, *, batch: int) -> int:
        n = original(db, workspace, batch=batch)
        stands(db, ACME, 1)  # another process's job, writing behind the deletion
        return n

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("slack_app.services.departures.purge", purge_then_a_late_job)
        assert purge_departed(db, DUE) == 4
    assert total(db, ACME) == 2

    assert purge_departed(db, DUE + timedelta(minutes=1)) == 2  # the departure was kept
    assert total(db, ACME) == 0


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

    assert arrived(db, enterprise_id=None, team_id=ACME.team_id, now=DUE) == 6
    assert total(db, ACME) == 0


def test_an_org_wide_uninstall_deletes_every_workspace_of_the_org(db: Database) -> None:
    for workspace in (NORTH, SOUTH, GLOBEX):
        stands(db, workspace, 2)
    departed(db, enterprise_id=GRID, team_id=None, now=EPOCH, keep=timedelta(0), why="x")

    assert purge_departed(db, DUE) == 8

    assert (total(db, NORTH), total(db, SOUTH), total(db, GLOBEX)) == (0, 0, 4)


def test_an_org_that_left_keeps_a_workspace_installed_on_its_own(db: Database) -> None:
    for workspace in (NORTH, SOUTH):
        stands(db, workspace, 2)
    departed(db, enterprise_id=GRID, team_id=None, now=EPOCH, keep=timedelta(0), why="x")
    with db.engine.begin() as connection:  # South installed Stand itself since
        connection.execute(bots.insert(), [south_bot()])

    assert purge_departed(db, DUE) == 4

    assert (total(db, NORTH), total(db, SOUTH)) == (0, 4)


def test_a_workspace_installed_alone_in_an_org_that_left_starts_empty_alone(db: Database) -> None:
    for workspace in (NORTH, SOUTH):
        stands(db, workspace, 2)
    departed(db, enterprise_id=GRID, team_id=None, now=EPOCH, keep=timedelta(0), why="x")

    assert arrived(db, enterprise_id=GRID, team_id=SOUTH.team_id, now=DUE) == 4

    assert (total(db, NORTH), total(db, SOUTH)) == (4, 0)
    assert purge_departed(db, DUE) == 4  # the org's departure stands for the others


def test_a_departure_that_names_nothing_deletes_nothing(db: Database) -> None:
    for workspace in (ACME, GLOBEX):
        stands(db, workspace, 1)
    departed(db, enterprise_id=None, team_id=None, now=EPOCH, keep=timedelta(0), why="x")

    assert purge_departed(db, DUE) == 0

    assert (total(db, ACME), total(db, GLOBEX)) == (2, 2)


def test_every_table_with_a_workspace_column_is_deleted_with_the_workspace() -> None:
    """A table that carries ``team_id`` but not the mixin would be left behind by purge and
    missing from an export: the app's shared tables are the only ones allowed."""
    shared = {"slack_bots", "slack_installations", "departures"}
    with_team = {t.name for t in Base.metadata.sorted_tables if "team_id" in t.c} - shared
    assert with_team == {kept.table for kept in kept_tables()}


def south_bot() -> dict[str, object]:
    return {
        "client_id": "1.2",
        "app_id": "A0APP00001",
        "enterprise_id": GRID,
        "team_id": SOUTH.team_id,
        "bot_token": "xoxb-south",
        "is_enterprise_install": False,
        "installed_at": EPOCH.replace(tzinfo=None),
    }


@pytest.mark.parametrize("batch", [1, 500])
def test_purge_leaves_the_other_workspace_whatever_the_batch(db: Database, batch: int) -> None:
    stands(db, GLOBEX, 2)  # first in key order: a batch picked across workspaces would take them
    stands(db, ACME, 2)

    assert purge(db, ACME, batch=batch) == 4
    assert (total(db, ACME), total(db, GLOBEX)) == (0, 4)


def test_a_workspace_served_again_by_its_orgs_install_keeps_its_data(db: Database) -> None:
    stands(db, NORTH, 2)
    leave(db, NORTH)  # its own install removed…
    with db.engine.begin() as connection:  # …while the org's install covers it
        connection.execute(bots.insert(), [{**south_bot(), "team_id": None}])

    assert purge_departed(db, DUE) == 0

    assert total(db, NORTH) == 4
    assert purge_departed(db, DUE + WEEK) == 0  # the departure is gone with it


def test_an_org_installed_again_in_time_keeps_its_workspaces_data(db: Database) -> None:
    stands(db, NORTH, 1)
    leave(db, NORTH, keep=WEEK)

    assert arrived(db, enterprise_id=GRID, team_id=None, now=EPOCH + timedelta(days=1)) == 0

    assert purge_departed(db, EPOCH + 2 * WEEK) == 0
    assert total(db, NORTH) == 2
