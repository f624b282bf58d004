"""Each workspace's token as the scheduler and the outbox get it: read from the
installations, an org's shared by its workspaces, rotated once however many ask at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_sdk.oauth.installation_store import Installation

from slack_app.domain.workspace import Workspace
from slack_app.installs import Installs
from slack_app.store.database import Database
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock
from tests.support.many_workspaces import ACME, GRID, NORTH, SOUTH, oauth_settings


def test_an_org_token_due_for_rotation_is_rotated_once_for_all_who_ask_at_once(
    db: Database, database_url: str, clock: Clock
) -> None:
    with SlackCloud(clock, rotating=True) as cloud:
        org = cloud.add_org(GRID, {NORTH: "North", SOUTH: "South"}, tag="0GRD")
        installs = Installs(oauth_settings(cloud, database_url), db, clock.now)
        cloud.expires_in = 3600  # within two hours: due for rotation
        issued = cloud.grant(org)
        cloud.expires_in = 43_200
        installs.store.save(
            Installation(
                app_id=org.app_id,
                enterprise_id=GRID,
                is_enterprise_install=True,
                bot_token=issued["access_token"],
                bot_refresh_token=issued["refresh_token"],
                bot_token_expires_in=issued["expires_in"],
                bot_id=org.bot_id,
                bot_user_id=org.bot_user_id,
                user_id="U0INSTALL1",
            )
        )
        asked = [Workspace(NORTH, GRID), Workspace(SOUTH, GRID)] * 8

        with ThreadPoolExecutor(8) as pool:
            clients = list(pool.map(installs.clients.of, asked))

        refreshes = [c for c in cloud.calls if c.args.get("grant_type") == "refresh_token"]
        assert len(refreshes) == 1
        [_, rotated] = cloud.issued[NORTH]
        assert {client.token for client in clients if client is not None} == {rotated}
        assert None not in clients
        assert installs.clients.of(Workspace(ACME)) is None  # not installed: no token
        assert cloud.violations == []
