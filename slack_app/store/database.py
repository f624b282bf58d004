"""Engine and sessions: one Database per process, a short transaction per unit of work."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from slack_app.domain.workspace import Workspace
from slack_app.store.sqlite import create_sqlite_engine
from slack_app.store.unit_of_work import (
    UnitOfWork,
    across_workspaces,
    scoped_sessions,
    unit_of_work,
)


def normalise_url(raw: str) -> URL:
    """Accept the URL forms operators paste (postgres://, postgresql://) and pick psycopg 3."""
    url = make_url(raw)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def create_db_engine(raw_url: str) -> Engine:
    url = normalise_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return create_sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class Database:
    """The process's connection to the store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = scoped_sessions(sessionmaker(engine, expire_on_commit=False))
        # Told after each commit that recorded Slack effects: the process's dispatcher.
        self.on_effects: Callable[[], None] | None = None

    @classmethod
    def from_url(cls, raw_url: str) -> Database:
        return cls(create_db_engine(raw_url))

    def unit_of_work(self, workspace: Workspace) -> AbstractContextManager[UnitOfWork]:
        """One workspace's unit of work: every query scoped to it, committed when the block
        ends, rolled back if it raises."""
        return unit_of_work(self._sessions, workspace, self._effects_committed)

    def request_work(self, workspace: Workspace) -> UnitOfWork:
        """A request's unit of work, opened on first use; whoever runs the request commits
        it (or rolls it back) when its work is done."""
        return UnitOfWork(self._sessions, workspace, self._effects_committed)

    def across_workspaces(self) -> AbstractContextManager[Session]:
        """A session over every workspace, for the scheduler's claims only (``store/claims``):
        no repository accepts it."""
        return across_workspaces(self._sessions)

    def _effects_committed(self) -> None:
        if self.on_effects is not None:
            self.on_effects()

    def ping(self) -> None:
        """Raises when the database cannot be reached."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
