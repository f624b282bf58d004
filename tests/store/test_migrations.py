"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from slack_app.store.database import Database
from slack_app.store.models import Base
from slack_app.store.schema import schema_state, upgrade_to_head
from tests.support.databases import fresh_database_url


def test_migrations_and_models_agree(tmp_path: Path) -> None:
    with fresh_database_url(tmp_path, migrated=False) as url:
        db = Database.from_url(url)
        assert schema_state(db.engine).current is None

        state = upgrade_to_head(db.engine)

        assert state.up_to_date
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        db.dispose()


def test_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    with fresh_database_url(tmp_path) as url:
        db = Database.from_url(url)
        assert upgrade_to_head(db.engine).up_to_date
        db.dispose()
