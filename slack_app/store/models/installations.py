"""The tables of slack-sdk's SQLAlchemy installation and OAuth state stores, described here
so that our migrations create them (and the schema test sees them as ours).

slack-sdk reads and writes them itself (``slack_app/installs``); they must stay exactly as
its ``build_bots_table``, ``build_installations_table`` and ``build_oauth_states_table``
describe them, which ``tests/store/test_installation_tables.py`` checks. Its datetimes are
naive UTC, as slack-sdk writes them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table

from slack_app.store.models.base import Base

BOTS = "slack_bots"
INSTALLATIONS = "slack_installations"
OAUTH_STATES = "slack_oauth_states"


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _bot_columns() -> list[Column[object]]:
    return [
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


def _owner_columns() -> list[Column[object]]:
    return [
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


bots = Table(
    BOTS,
    Base.metadata,
    _id(),
    *_owner_columns(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("installed_at", DateTime, nullable=False),
    Index(f"{BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

installations = Table(
    INSTALLATIONS,
    Base.metadata,
    _id(),
    *_owner_columns(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False),
    Index(
        f"{INSTALLATIONS}_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"
    ),
)

oauth_states = Table(
    OAUTH_STATES,
    Base.metadata,
    _id(),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
