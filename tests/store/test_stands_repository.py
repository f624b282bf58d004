"""Every stand query is scoped to its workspace."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from benchmarks.charter import counting
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.stands import StandRepository
from tests.support.clock import EPOCH
from tests.support.factories import a_draft

ACME = Workspace("T0ACME0001")
GLOBEX = Workspace("T0GLOBEX01")
GRID_A = Workspace("T0ACME0001", "E0GRIDA001")
NOW = EPOCH


def test_a_workspace_never_sees_another_workspaces_stands(db: Database) -> None:
    """The repository adds no filter of its own: its unit of work's session scopes it."""
    with db.unit_of_work(ACME) as uow:
        mine = StandRepository(uow).add(author_id="U1", draft=a_draft(going="mine"), now=NOW)
    with db.unit_of_work(GLOBEX) as uow:
        theirs = StandRepository(uow).add(author_id="U1", draft=a_draft(going="theirs"), now=NOW)

    with db.unit_of_work(ACME) as uow:
        acme = StandRepository(uow)
        assert [s.going for s in acme.of_author("U1")] == ["mine"]
        assert acme.count_of_author("U1") == 1
        assert acme.get(theirs.id) is None
        assert acme.get(mine.id) is not None
        assert not acme.claim_declaration(theirs.id, now=NOW, stale_after=timedelta(minutes=1))
        with pytest.raises(LookupError):
            acme.set_declaration(theirs.id, channel_id="C1", ts="1.1")
    with db.unit_of_work(GLOBEX) as uow:
        assert StandRepository(uow).get(theirs.id) == theirs  # unchanged


def test_each_statement_carries_the_workspace_once(db: Database) -> None:
    """The unit of work's filter is the only one: the repository adds none of its own."""
    minute = timedelta(minutes=1)
    with db.unit_of_work(ACME) as uow:
        stands = StandRepository(uow)
        stand = stands.add(author_id="U1", draft=a_draft(), now=NOW)
        with counting(db) as statements:
            stands.get(stand.id)
            stands.of_author("U1")
            stands.count_of_author("U1")
            stands.claim_first_follower(stand.id, "U2")
            stands.claim_declaration(stand.id, now=NOW + 2 * minute, stale_after=minute)
            stands.release_declaration(stand.id)
    assert len(statements) == 6
    assert [s.count("stands.team_id = ") for s in statements] == [1] * 6, statements


def test_a_workspace_that_joins_an_enterprise_grid_org_keeps_its_stands(db: Database) -> None:
    with db.unit_of_work(ACME) as uow:
        before = StandRepository(uow).add(author_id="U1", draft=a_draft(going="before"), now=NOW)
    with db.unit_of_work(GRID_A) as uow:
        StandRepository(uow).add(
            author_id="U1", draft=a_draft(going="after"), now=NOW + timedelta(minutes=1)
        )

    with db.unit_of_work(GRID_A) as uow:
        in_grid = StandRepository(uow)
        assert [s.going for s in in_grid.of_author("U1")] == ["after", "before"]
        stored = in_grid.get(before.id)
    assert stored is not None
    assert stored.workspace == ACME  # the org id is kept as it was when stored


def test_one_claim_on_posting_a_declaration_wins(db: Database) -> None:
    with db.unit_of_work(ACME) as uow:
        stand = StandRepository(uow).add(author_id="U1", draft=a_draft(), now=NOW)
    minute = timedelta(minutes=1)

    def claim(at: datetime) -> bool:
        with db.unit_of_work(ACME) as uow:
            return StandRepository(uow).claim_declaration(stand.id, now=at, stale_after=minute)

    assert claim(NOW)
    assert not claim(NOW + timedelta(seconds=5))  # a second press while the first posts
    assert claim(NOW + timedelta(minutes=2))  # the first died: a later press may try again
    with db.unit_of_work(ACME) as uow:
        StandRepository(uow).release_declaration(stand.id)
    assert claim(NOW + timedelta(minutes=2, seconds=1))
    with db.unit_of_work(ACME) as uow:
        StandRepository(uow).set_declaration(stand.id, channel_id="C1", ts="1.1")
    assert not claim(NOW + timedelta(hours=1))  # posted: nothing more to claim


def test_stands_come_newest_first_and_can_be_limited(db: Database) -> None:
    with db.unit_of_work(ACME) as uow:
        repo = StandRepository(uow)
        for n in range(5):
            repo.add(
                author_id="U1",
                draft=a_draft(going=f"stand {n}"),
                now=NOW + timedelta(minutes=n),
            )
        repo.add(author_id="U2", draft=a_draft(going="someone else's"), now=NOW)

    with db.unit_of_work(ACME) as uow:
        repo = StandRepository(uow)
        assert [s.going for s in repo.of_author("U1", limit=3)] == ["stand 4", "stand 3", "stand 2"]
        assert repo.count_of_author("U1") == 5


def test_the_declaration_is_remembered(db: Database) -> None:
    with db.unit_of_work(ACME) as uow:
        stand = StandRepository(uow).add(author_id="U1", draft=a_draft(), now=NOW)
    with db.unit_of_work(ACME) as uow:
        StandRepository(uow).set_declaration(stand.id, channel_id="C1", ts="1.2")
    with db.unit_of_work(ACME) as uow:
        stored = StandRepository(uow).get(stand.id)
    assert stored is not None
    assert (stored.channel_id, stored.declaration_ts, stored.is_declared) == ("C1", "1.2", True)
    assert stored.created_at.tzinfo is not None
    assert stored.created_at == NOW
