"""INSERT … ON CONFLICT for the session's database: both dialects spell it alike, but
SQLAlchemy builds it from each dialect's own ``insert``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert(session: Session, table: Any) -> Any:
    """An INSERT into ``table`` (a model) offering ``on_conflict_do_nothing``/``…_update``."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
