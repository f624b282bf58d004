"""SQLite's writers in one process take turns: a waiting writer starts the moment the one
before it ends, instead of polling SQLite's lock with the busy handler's sleeps (up to
100 ms each, and a late writer may win), which stalled acks for seconds under a burst."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError

from slack_app.store.database import create_db_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (who TEXT)"))
    yield engine
    engine.dispose()


def traced(engine: Engine) -> list[tuple[str, str]]:
    """Every statement SQLite starts, in order, with the thread that ran it."""
    seen: list[tuple[str, str]] = []

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(
            lambda sql: seen.append((threading.current_thread().name, sql))
        )

    event.listen(engine, "connect", trace)
    engine.dispose()  # connections opened from now on are traced
    return seen


def write(engine: Engine, who: str, hold: threading.Event | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (:who)"), {"who": who})
        if hold is not None:
            hold.wait(5)


def test_a_waiting_writer_begins_only_once_the_writer_before_it_has_committed(
    engine: Engine,
) -> None:
    seen = traced(engine)
    release, waiting = threading.Event(), []
    first = threading.Thread(target=write, args=(engine, "first", release), name="first")
    first.start()
    while not any(name == "first" and sql.startswith("INSERT") for name, sql in seen):
        threading.Event().wait(0.001)
    for name in ("second", "third"):
        waiting.append(threading.Thread(target=write, args=(engine, name), name=name))
        waiting[-1].start()
    threading.Event().wait(0.2)  # the busy handler would have tried BEGIN a few times by now
    assert [sql for name, sql in seen if name != "first"] == [], "a writer polled the lock"
    release.set()
    for thread in (first, *waiting):
        thread.join(5)
    begins = [name for name, sql in seen if sql == "BEGIN IMMEDIATE"]
    commits = [name for name, sql in seen if sql == "COMMIT"]
    assert begins[0] == commits[0] == "first"
    assert sorted(begins) == sorted(commits) == ["first", "second", "third"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 3


def test_a_writer_that_fails_gives_its_turn_back(engine: Engine) -> None:
    def refused() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES ('rolled back')"))
            raise RuntimeError("the service refused")

    with pytest.raises(RuntimeError):
        refused()
    other = threading.Thread(target=write, args=(engine, "next"))
    other.start()
    other.join(1)
    assert not other.is_alive(), "the turn of a rolled-back writer was never given back"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT who FROM t")).scalars().all() == ["next"]


def test_a_thread_writing_twice_at_once_meets_sqlite_s_lock_not_its_own_turn(
    engine: Engine,
) -> None:
    """Writing on a second connection while the first is open is a bug SQLite reports
    ("database is locked", as SQLAlchemy's error that /healthz and the CLI put in words);
    the turns must not turn it into a silent deadlock."""
    with engine.connect() as outer, outer.begin():
        outer.execute(text("INSERT INTO t VALUES ('outer')"))
        inner = engine.connect()
        raw = inner.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA busy_timeout=10")  # report it at once, not in 5 s
        with pytest.raises(OperationalError, match="database is locked"):
            inner.begin()
        inner.close()
