"""Each workspace's token as the scheduler and the outbox get it: read from the
installations, an org's shared by its workspaces, rotated once however many ask at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation

from slack_app.domain.workspace import Workspace
from slack_app.flows.checkins.posting import dispatch_due_checkins
from slack_app.installs import Installs
from slack_app.services.checkins import claim_checkins, plan_checkins, release
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock
from tests.support.many_pilots import DUE, SET_AT, posts_per_checkin, running_pilots
from tests.support.many_workspaces import ACME, BETA, GRID, NORTH, SOUTH, oauth_settings


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


class OnlyBeta:
    """Tokens as OAuth installs give them while Acme is not installed (again) yet."""

    def __init__(self, beta: WebClient) -> None:
        self.beta = beta

    def of(self, workspace: Workspace) -> WebClient | None:
        return self.beta if workspace.team_id == BETA else None


def test_checkins_of_a_workspace_with_no_installation_wait_and_block_no_one(
    db: Database, clock: Clock
) -> None:
    clock.current = SET_AT
    with SlackCloud(clock) as cloud:
        acme = cloud.add_workspace(ACME, name="Acme", tag="0ACM")
        beta = cloud.add_workspace(BETA, name="Beta", tag="0BET")
        running_pilots(db, acme, 3)  # due first: they would fill a claim's batch
        running_pilots(db, beta, 2)
        clients = OnlyBeta(web_client(cloud.granted(beta), cloud.url))
        clock.current = DUE

        plan_checkins(db)
        first = claim_checkins(db, DUE, limit=3)
        assert {one.workspace.team_id for one in first} == {ACME}
        passed_over = claim_checkins(db, DUE, limit=3, passing_over=[ACME])
        assert {one.workspace.team_id for one in passed_over} == {BETA}
        for one in [*first, *passed_over]:
            release(db, one)
        dispatched = dispatch_due_checkins(clients, db, DUE)

        assert (dispatched.posted, dispatched.not_installed) == (2, {ACME})
        assert len(posts_per_checkin(beta)) == 2
        assert acme.calls == []
        waiting = claim_checkins(db, DUE, limit=10)  # Acme's are due still, for a later tick
        assert {one.workspace.team_id for one in waiting} == {ACME}
