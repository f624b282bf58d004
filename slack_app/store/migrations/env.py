"""Alembic environment: the engine comes from the caller (``slack-app migrate``, tests)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from slack_app.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations with `slack-app migrate`; it supplies the engine")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
