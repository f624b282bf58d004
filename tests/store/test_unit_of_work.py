"""A unit of work sees, changes and adds only its own workspace's rows, whatever the query."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys

import pytest
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import aliased, sessionmaker

from slack_app import store
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.models import Base, FirstFollowerAskRow, StandRow, WorkspaceScoped
from slack_app.store.repository import Repository
from slack_app.store.unit_of_work import FinishedUnitOfWork, UnscopedSession, scoped_sessions
from tests.support.clock import EPOCH
from tests.support.factories import a_draft

ACME = Workspace("T0ACME0001")
GLOBEX = Workspace("T0GLOBEX01")


def a_stand(going: str) -> StandRow:
    draft = a_draft(going=going)
    assert draft.source is not None
    assert draft.by_when is not None
    return StandRow(
        author_id="U1",
        source=draft.source.value,
        situation=draft.situation,
        not_going=draft.not_going,
        going=draft.going,
        by_when=draft.by_when,
        status="declared",
        created_at=EPOCH,
    )


def two_workspaces(db: Database) -> tuple[int, int]:
    """One stand (with an ask) in ACME and one in GLOBEX; their ids."""
    ids = []
    for workspace, going in ((ACME, "acme's"), (GLOBEX, "globex's")):
        with db.unit_of_work(workspace) as uow:
            stand = a_stand(going)
            uow.session.add(stand)
            uow.flush()
            uow.session.add(FirstFollowerAskRow(stand_id=stand.id, user_id="U2", asked_at=EPOCH))
            ids.append(stand.id)
    return ids[0], ids[1]


def test_new_rows_are_stamped_with_the_unit_of_works_workspace(db: Database) -> None:
    two_workspaces(db)
    with db.across_workspaces() as session:
        rows = session.execute(select(StandRow.team_id, StandRow.going).order_by(StandRow.id))
        assert [tuple(row) for row in rows] == [
            (ACME.team_id, "acme's"),
            (GLOBEX.team_id, "globex's"),
        ]
        asks = session.scalars(select(FirstFollowerAskRow.team_id).order_by(FirstFollowerAskRow.id))
        assert list(asks) == [ACME.team_id, GLOBEX.team_id]


def test_a_select_never_sees_another_workspaces_rows(db: Database) -> None:
    acme_id, globex_id = two_workspaces(db)
    with db.unit_of_work(ACME) as uow:
        session = uow.session
        assert list(session.scalars(select(StandRow.going))) == ["acme's"]
        assert session.scalar(select(func.count()).select_from(StandRow)) == 1
        assert session.get(StandRow, globex_id) is None
        assert session.get(StandRow, acme_id) is not None
        joined = select(FirstFollowerAskRow.id).join(
            StandRow, StandRow.id == FirstFollowerAskRow.stand_id
        )
        assert len(list(session.scalars(joined))) == 1
        other = aliased(StandRow)
        assert list(session.scalars(select(other.going))) == ["acme's"]
        sub = select(StandRow.id).scalar_subquery()
        assert list(
            session.scalars(
                select(FirstFollowerAskRow.stand_id).where(FirstFollowerAskRow.stand_id.in_(sub))
            )
        ) == [acme_id]


def test_an_update_or_delete_never_touches_another_workspaces_rows(db: Database) -> None:
    acme_id, globex_id = two_workspaces(db)
    with db.unit_of_work(ACME) as uow:
        uow.session.execute(update(StandRow).values(going="changed"))
        uow.session.execute(delete(FirstFollowerAskRow))
    with db.across_workspaces() as session:
        rows = session.execute(select(StandRow.id, StandRow.going))
        goings = {row.id: row.going for row in rows}
        assert goings == {acme_id: "changed", globex_id: "globex's"}
        asks = list(session.scalars(select(FirstFollowerAskRow.stand_id)))
        assert asks == [globex_id]


def test_a_row_of_another_workspace_cannot_be_added(db: Database) -> None:
    stand = a_stand("smuggled")
    stand.team_id = GLOBEX.team_id

    def smuggle() -> None:
        with db.unit_of_work(ACME) as uow:
            uow.session.add(stand)

    with pytest.raises(UnscopedSession):
        smuggle()
    with db.across_workspaces() as session:
        assert session.scalar(select(func.count()).select_from(StandRow)) == 0


def test_a_session_bound_to_no_workspace_runs_no_query(db: Database) -> None:
    sessions = scoped_sessions(sessionmaker(db.engine))
    with sessions.begin() as session, pytest.raises(UnscopedSession):
        session.scalars(select(StandRow)).all()


def test_a_repository_is_built_only_from_a_unit_of_work() -> None:
    """Repositories add no filter of their own: given a session across workspaces they
    would read and change every workspace's rows. So each takes a unit of work (whose
    session is scoped to its workspace) and nothing that could be such a session."""
    for module in pkgutil.iter_modules(store.__path__, f"{store.__name__}."):
        importlib.import_module(module.name)  # every module of the store, not its migrations
    repositories = {
        found
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith(f"{store.__name__}.")
        for found in vars(module).values()
        if isinstance(found, type) and found.__name__.endswith("Repository")
    }
    assert len(repositories) >= 9, "the store's repositories were not found"
    for repository in repositories:
        assert issubclass(repository, Repository), repository
        first = next(iter(inspect.signature(repository).parameters.values()))
        assert (first.name, first.annotation) == ("uow", "UnitOfWork"), repository


def test_the_work_of_a_unit_that_raises_is_rolled_back(db: Database) -> None:
    def lose_it() -> None:
        with db.unit_of_work(ACME) as uow:
            uow.session.add(a_stand("lost"))
            uow.flush()
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        lose_it()
    with db.unit_of_work(ACME) as uow:
        assert uow.session.scalar(select(func.count()).select_from(StandRow)) == 0


def test_every_model_belongs_to_a_workspace() -> None:
    """A new model without the mixin would escape the unit of work's scoping: refused here.
    The app's own tables, shared by all workspaces, are named: the departures of workspaces
    (read only by the scheduler) and slack-sdk's installations and OAuth states (read and
    written only by slack-sdk's stores, with no model of ours)."""
    unscoped = [
        mapper.class_.__name__
        for mapper in Base.registry.mappers
        if not issubclass(mapper.class_, WorkspaceScoped)
    ]
    assert unscoped == ["DepartureRow"]
    tables = {mapper.class_.__tablename__ for mapper in Base.registry.mappers}
    shared = {"slack_bots", "slack_installations", "slack_oauth_states"}
    assert tables | shared == set(Base.metadata.tables), "every other table has a model"


def test_the_same_query_in_two_workspaces_sees_each_its_own(db: Database) -> None:
    """SQLAlchemy caches compiled statements: the workspace must be a parameter, not baked in."""
    two_workspaces(db)
    seen = []
    for workspace in (ACME, GLOBEX, ACME):
        with db.unit_of_work(workspace) as uow:
            seen.append(list(uow.session.scalars(select(StandRow.going))))
    assert seen == [["acme's"], ["globex's"], ["acme's"]]


def begins(db: Database) -> list[object]:
    """Every transaction the engine begins, from now on."""
    started: list[object] = []
    event.listen(db.engine, "begin", started.append)
    return started


def test_a_request_that_needs_no_data_opens_no_transaction(db: Database) -> None:
    started = begins(db)
    uow = db.request_work(ACME)
    uow.commit()
    assert started == []


def test_a_request_commits_once_and_then_refuses_more_work(db: Database) -> None:
    started = begins(db)
    uow = db.request_work(ACME)
    uow.session.add(a_stand("kept"))
    uow.session.scalars(select(StandRow)).all()
    uow.commit()
    assert len(started) == 1
    with pytest.raises(FinishedUnitOfWork):
        _ = uow.session
    with db.unit_of_work(ACME) as again:
        assert list(again.session.scalars(select(StandRow.going))) == ["kept"]


def test_a_request_rolled_back_keeps_nothing(db: Database) -> None:
    uow = db.request_work(ACME)
    uow.session.add(a_stand("dropped"))
    uow.flush()
    uow.rollback()
    with db.unit_of_work(ACME) as again:
        assert again.session.scalar(select(func.count()).select_from(StandRow)) == 0
