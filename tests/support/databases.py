"""A database of its own for every test: a SQLite file, or a PostgreSQL database cloned
from a migrated template (when STAND_TEST_POSTGRES_URL names a server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from slack_app.store.database import Database
from slack_app.store.schema import upgrade_to_head

POSTGRES_ENV = "STAND_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


_templates: dict[str, str] = {}


def _postgres_template(admin_url: str) -> str:
    """A migrated database to clone, made once per test worker."""
    if admin_url in _templates:
        return _templates[admin_url]
    name = f"stand_template_{_worker()}"
    admin = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    template = Database.from_url(make_url(admin_url).set(database=name).render_as_string(False))
    upgrade_to_head(template.engine)
    template.dispose()
    _templates[admin_url] = name
    return name


@contextmanager
def fresh_database_url(tmp_path: Path, *, migrated: bool = True) -> Iterator[str]:
    """Yield a URL of a new, empty (or migrated) database; drop it afterwards."""
    admin_url = postgres_admin_url()
    if admin_url is None:
        url = f"sqlite:///{tmp_path / 'stand.db'}"
        if migrated:
            db = Database.from_url(url)
            upgrade_to_head(db.engine)
            db.dispose()
        yield url
        return
    name = f"stand_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    clause = f' TEMPLATE "{_postgres_template(admin_url)}"' if migrated else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
