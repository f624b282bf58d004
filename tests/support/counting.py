"""What a request costs the database: transactions begun and SQL statements run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from slack_app.store.database import Database


@dataclass
class Cost:
    transactions: int = 0
    statements: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        listed = "\n  ".join(self.statements)
        return f"{self.transactions} transactions, {len(self.statements)} statements:\n  {listed}"


@contextmanager
def database_cost(db: Database) -> Iterator[Cost]:
    """Count, on ``db``'s engine, every transaction begun and statement run inside the block
    (by any thread: the app's listeners run on their own)."""
    cost = Cost()

    def begun(*_: Any) -> None:
        cost.transactions += 1

    def statement(*args: Any) -> None:
        cost.statements.append(" ".join(str(args[2]).split())[:160])

    event.listen(db.engine, "begin", begun)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        yield cost
    finally:
        event.remove(db.engine, "begin", begun)
        event.remove(db.engine, "before_cursor_execute", statement)
