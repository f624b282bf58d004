"""Every stand query is scoped to its workspace."""

from __future__ import annotations

from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.stands import StandRepository
from tests.support.factories import a_draft

ACME = Workspace("T0ACME0001")
GLOBEX = Workspace("T0GLOBEX01")
GRID_A = Workspace("T0ACME0001", "E0GRIDA001")


def test_a_workspace_never_sees_another_workspaces_stands(db: Database) -> None:
    with db.transaction() as session:
        mine = StandRepository(session, ACME).add(author_id="U1", draft=a_draft(going="mine"))
        theirs = StandRepository(session, GLOBEX).add(author_id="U1", draft=a_draft(going="theirs"))
        grid = StandRepository(session, GRID_A).add(author_id="U1", draft=a_draft(going="grid"))

    with db.transaction() as session:
        acme = StandRepository(session, ACME)
        assert [s.going for s in acme.of_author("U1")] == ["mine"]
        assert acme.count_of_author("U1") == 1
        assert acme.get(theirs.id) is None
        assert acme.get(grid.id) is None
        assert acme.get(mine.id) is not None
        assert StandRepository(session, GRID_A).get(mine.id) is None


def test_stands_come_newest_first_and_can_be_limited(db: Database) -> None:
    with db.transaction() as session:
        repo = StandRepository(session, ACME)
        for n in range(5):
            repo.add(author_id="U1", draft=a_draft(going=f"stand {n}"))
        repo.add(author_id="U2", draft=a_draft(going="someone else's"))

    with db.transaction() as session:
        repo = StandRepository(session, ACME)
        assert [s.going for s in repo.of_author("U1", limit=3)] == ["stand 4", "stand 3", "stand 2"]
        assert repo.count_of_author("U1") == 5


def test_the_declaration_is_remembered(db: Database) -> None:
    with db.transaction() as session:
        stand = StandRepository(session, ACME).add(author_id="U1", draft=a_draft())
    with db.transaction() as session:
        StandRepository(session, ACME).set_declaration(stand.id, channel_id="C1", ts="1.2")
    with db.transaction() as session:
        stored = StandRepository(session, ACME).get(stand.id)
    assert stored is not None
    assert (stored.channel_id, stored.declaration_ts, stored.is_declared) == ("C1", "1.2", True)
    assert stored.created_at.tzinfo is not None
