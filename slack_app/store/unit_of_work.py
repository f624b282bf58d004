"""A unit of work: one session, bound to one workspace, committed once.

Scoping is by construction, not by discipline: every ORM select, update and delete run
through a unit of work's session gets ``team_id = <its workspace>`` added for every
workspace-owned model it touches (SQLAlchemy's ``with_loader_criteria``, in the session's
``do_orm_execute`` hook), and every new workspace-owned row is stamped with its workspace
before it is flushed. A session that is neither bound to a workspace nor explicitly opened
across workspaces (``Database.across_workspaces``, for the scheduler's claims) refuses to
run an ORM statement at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from slack_app.domain.outbox import Effect
from slack_app.domain.workspace import Workspace
from slack_app.store.models import WorkspaceScoped
from slack_app.store.once import write_once
from slack_app.store.outbox import write_effects

WORKSPACE = "workspace"
ACROSS_WORKSPACES = "across_workspaces"


class UnscopedSession(RuntimeError):
    """An ORM statement ran in a session bound to no workspace and not opened across them."""


class UnitOfWork:
    """One request's (or one job's) work on the store for one workspace.

    Services take it first and change state through it. Its session opens on first use (a
    request that needs no data costs no transaction) and it commits once: after the commit
    it refuses more work, so what a flow renders afterwards comes from what the services
    returned, not from a second look at the store.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        workspace: Workspace,
        notify: Callable[[], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self._notify = notify  # told after a commit that wrote effects
        self._sessions = sessions
        self._session: Session | None = None
        self._finished = False
        self._effects: list[Effect] = []
        self._effects_at: datetime | None = None
        self._once: tuple[str, datetime] | None = None

    @property
    def session(self) -> Session:
        if self._finished:
            raise FinishedUnitOfWork("this unit of work was committed; its work is done")
        if self._session is None:
            self._session = self._sessions()
            self._session.info[WORKSPACE] = self.workspace
            self._session.begin()
        return self._session

    @property
    def finished(self) -> bool:
        """Committed or rolled back: later work needs a unit of work of its own."""
        return self._finished

    def flush(self) -> None:
        self.session.flush()

    def record(self, effects: Iterable[Effect], *, now: datetime) -> None:
        """Slack effects of what this unit of work changes, due ``now``: written with its
        commit, in one statement however many were recorded, so they exist exactly when
        the change does."""
        if self._finished:
            raise FinishedUnitOfWork("this unit of work was committed; its work is done")
        self._effects.extend(effects)
        self._effects_at = now

    def once(self, key: str, *, now: datetime) -> None:
        """Make this unit of work's changes happen once per ``key`` (a modal submission's
        view): the key is written with its commit, and a commit whose key was written
        before (a resubmission, racing the first or after it) is rolled back instead, with
        ``AlreadySubmitted``. A unit of work rolled back (a refused form) keeps no key."""
        self._once = (key, now)

    def commit(self) -> None:
        """Commit what was done (nothing, if nothing was); later work is refused."""
        if self._finished:
            return
        if self._once is not None:
            key, now = self._once
            if not write_once(self.session, self.workspace, key, now=now):
                self.rollback()
                raise AlreadySubmitted(key)
        at = self._effects_at if self._effects else None
        if at is not None:
            write_effects(self.session, self.workspace, self._effects, now=at)
        self._finished = True
        if self._session is not None:
            try:
                self._session.commit()
            finally:
                self._session.close()
        if at is not None and self._notify is not None:
            self._notify()

    def rollback(self) -> None:
        """Undo what was done; later work is refused."""
        self._finished = True
        if self._session is not None:
            self._session.close()  # closing rolls back the open transaction


class FinishedUnitOfWork(RuntimeError):
    """Work asked of a unit of work after its commit."""


class AlreadySubmitted(Exception):
    """This unit of work's key (a modal's view) was committed before: its work is done."""


def _scope(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # the statement that loaded the parent row was scoped already
    workspace = state.session.info.get(WORKSPACE)
    if workspace is None:
        if state.session.info.get(ACROSS_WORKSPACES):
            return
        raise UnscopedSession("open a unit of work for a workspace, or across workspaces")
    if state.is_select or state.is_update or state.is_delete:
        team_id = workspace.team_id
        state.statement = state.statement.options(
            with_loader_criteria(
                WorkspaceScoped,
                lambda cls: cls.team_id == team_id,
                include_aliases=True,
            )
        )


def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    """New rows belong to the unit of work's workspace; a row of another is refused."""
    workspace: Workspace | None = session.info.get(WORKSPACE)
    if workspace is None:
        return
    for row in session.new:
        if not isinstance(row, WorkspaceScoped):
            continue
        if getattr(row, "team_id", None) in (None, workspace.team_id):
            row.team_id = workspace.team_id
            if row.enterprise_id is None:
                row.enterprise_id = workspace.enterprise_id
        else:
            raise UnscopedSession(f"a row of workspace {row.team_id} added in {workspace.team_id}")


def scoped_sessions(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Install the scoping hooks on every session ``sessions`` makes."""
    event.listen(sessions, "do_orm_execute", _scope)
    event.listen(sessions, "before_flush", _stamp)
    return sessions


@contextmanager
def unit_of_work(
    sessions: sessionmaker[Session],
    workspace: Workspace,
    notify: Callable[[], None] | None = None,
) -> Iterator[UnitOfWork]:
    """A unit of work for ``workspace``: committed when the block ends, rolled back if it raises."""
    uow = UnitOfWork(sessions, workspace, notify)
    try:
        yield uow
    except BaseException:
        uow.rollback()
        raise
    uow.commit()


@contextmanager
def across_workspaces(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session that sees every workspace: only for the app's own work over all of them
    (claiming due check-ins and reminders), never for a person's request."""
    with sessions.begin() as session:
        session.info[ACROSS_WORKSPACES] = True
        yield session
