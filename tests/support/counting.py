"""What a request costs the database: transactions begun and SQL statements run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

from slack_app.store.database import Database

# The outbox's dispatcher delivers effects on threads of its own: its claims are not what
# the request cost (and it polls, so it would be counted at random).
DISPATCHER_THREADS = "outbox"


@dataclass
class Cost:
    transactions: int = 0
    statements: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        listed = "\n  ".join(self.statements)
        return f"{self.transactions} transactions, {len(self.statements)} statements:\n  {listed}"


_counting: dict[int, list[Cost]] = {}  # engine id -> the costs being counted on it
_listened: set[int] = set()  # engines listened to
_lock = threading.Lock()


def _costs(engine: Engine) -> list[Cost]:
    if threading.current_thread().name.startswith(DISPATCHER_THREADS):
        return []
    with _lock:
        return list(_counting.get(id(engine), ()))


def _listen(engine: Engine) -> None:
    """Listen once per engine, for good: adding and removing listeners while other threads
    run statements mutates the list they iterate."""

    def begun(connection: Any) -> None:
        for cost in _costs(engine):
            cost.transactions += 1

    def statement(*args: Any) -> None:
        for cost in _costs(engine):
            cost.statements.append(" ".join(str(args[2]).split())[:160])

    event.listen(engine, "begin", begun)
    event.listen(engine, "before_cursor_execute", statement)


@contextmanager
def database_cost(db: Database) -> Iterator[Cost]:
    """Count, on ``db``'s engine, every transaction begun and statement run inside the block
    (by any thread but the outbox's: the app's listeners run on their own)."""
    cost = Cost()
    engine = db.engine
    with _lock:
        if id(engine) not in _listened:
            _listened.add(id(engine))
            _listen(engine)
        _counting.setdefault(id(engine), []).append(cost)
    try:
        yield cost
    finally:
        with _lock:
            _counting[id(engine)].remove(cost)
