"""SQLite as a store for one process: WAL, BEGIN IMMEDIATE, and writers served in turn.

SQLite allows one writer at a time. Waiting writers poll with its busy handler, which sleeps
up to 100 ms between tries, so under load they form a convoy: a writer that arrives late may
win, the ones that arrived first keep sleeping, and an ack waits for seconds behind work that
took milliseconds. Inside one process the writers can queue on a lock instead, each woken the
moment the one before it commits. Other processes (``slack-app tick`` beside ``serve``) still
meet at SQLite's own lock, behind the busy timeout.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

log = logging.getLogger(__name__)
# How long a writer waits for its turn in this process before falling back to SQLite's own
# busy handler (which then waits up to BUSY_TIMEOUT_MS more).
TURN_TIMEOUT_S = 5.0
BUSY_TIMEOUT_MS = 5000


class _Turns:
    """One lock per engine, held from BEGIN IMMEDIATE to COMMIT or ROLLBACK."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None

    def take(self) -> bool:
        # A thread that already writes on another connection would wait for itself: let it
        # meet SQLite's busy timeout instead, as it would without the turns.
        if self._holder == threading.get_ident():
            return False
        if not self._lock.acquire(timeout=TURN_TIMEOUT_S):
            log.warning(
                "a writer waited %.0f s for its turn; it goes on behind SQLite's busy timeout",
                TURN_TIMEOUT_S,
            )
            return False
        self._holder = threading.get_ident()
        return True

    def give_back(self) -> None:
        self._holder = None
        self._lock.release()


def _connection_class(turns: _Turns) -> type[sqlite3.Connection]:
    class TakingTurns(sqlite3.Connection):
        """Gives the turn back once COMMIT or ROLLBACK has really happened."""

        has_turn = False

        def take_turn(self) -> bool:
            """Whether this call took the turn (a connection keeps one it already has)."""
            if self.has_turn:
                return False
            self.has_turn = turns.take()
            return self.has_turn

        def commit(self) -> None:
            self._ending(super().commit)

        def rollback(self) -> None:
            self._ending(super().rollback)

        def close(self) -> None:
            self._ending(super().close)

        def _ending(self, end: Callable[[], None]) -> None:
            try:
                end()
            finally:
                self.give_back()

        def give_back(self) -> None:
            if self.has_turn:
                self.has_turn = False
                turns.give_back()

    return TakingTurns


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a writer writes; the busy timeout makes writers of other
    # processes queue instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    raw = connection.connection.dbapi_connection
    took = raw.take_turn()
    try:
        # Through SQLAlchemy, so that a failure is its OperationalError like any other.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if took:
            raw.give_back()
        raise


def create_sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # pysqlite's own transaction handling is switched off so that every transaction starts
    # with BEGIN IMMEDIATE: writers queue up front instead of reading stale rows and failing
    # (or losing an update) when they write.
    engine = create_engine(
        url,
        connect_args={
            "check_same_thread": False,
            "isolation_level": None,
            "factory": _connection_class(_Turns()),
        },
    )
    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine
