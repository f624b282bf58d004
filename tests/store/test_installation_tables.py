"""Our description of slack-sdk's store tables is theirs, column for column: slack-sdk
reads and writes them, our migrations create them."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from slack_app.store.models import bots, installations, oauth_states


def shape(table: Table) -> dict[str, object]:
    return {
        "columns": [(c.name, repr(c.type), c.nullable, c.primary_key) for c in table.columns],
        "indexes": sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes),
    }


def test_the_tables_are_slack_sdks() -> None:
    theirs = MetaData()
    store = SQLAlchemyInstallationStore
    assert shape(bots) == shape(store.build_bots_table(theirs, bots.name))
    assert shape(installations) == shape(
        store.build_installations_table(theirs, installations.name)
    )
    states = SQLAlchemyOAuthStateStore.build_oauth_states_table(theirs, oauth_states.name)
    assert shape(oauth_states) == shape(states)
