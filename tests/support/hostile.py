"""What a refused request must leave behind: nothing stored, nothing called, nothing of it
in the log."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from slack_app.store.database import Database
from slack_app.store.models.base import Base
from tests.fakeslack import FakeSlack

IGNORED = frozenset({"alembic_version", "channel_pace"})


def row_counts(db: Database) -> dict[str, int]:
    """Rows in every table of the app's schema."""
    with db.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() or 0)
            for name in sorted(Base.metadata.tables)
            if name not in IGNORED
        }


def contents(db: Database) -> dict[str, list[str]]:
    """Every row of every table of the app's schema, as text: a change in place shows too."""
    with db.engine.connect() as connection:
        return {
            name: sorted(
                repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{name}"'))
            )
            for name in sorted(Base.metadata.tables)
            if name not in IGNORED
        }


def stored_anything(db: Database) -> list[str]:
    return [name for name, count in row_counts(db).items() if count]


def called(fake: FakeSlack) -> list[str]:
    """Web API methods called since the app started."""
    return [c.method for c in fake.calls]


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert "Traceback" not in caplog.text
