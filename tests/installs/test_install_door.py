"""Who Stand's install door lets in: a forged redirect stores nothing, a workspace with no
installation is refused with nothing stored or called, unfinished installs are forgotten,
and a workspace installed by hand with one token keeps its data when uninstalled. Decided
above the store: run once, in the SQLite run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select

from slack_app.domain.workspace import Workspace
from slack_app.installs import NOT_INSTALLED, STATE_SECONDS
from slack_app.scheduler.jobs import run_due_work
from slack_app.services.departures import counts, forget_unfinished_installs
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.models import oauth_states
from tests.conftest import ALICE, BOB, BOT_TOKEN, GENERAL
from tests.fakeslack import FakeSlack
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock, transport_time
from tests.support.follower_flows import declare
from tests.support.many_workspaces import (
    ACME,
    ACME_GOING,
    GAMMA,
    approve,
    begin_install,
    install,
    installations_stored,
    people,
    sender,
)
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender
from tests.support.team_flows import membership


def test_a_forged_redirect_stores_nothing(app: RunningApp, cloud: SlackCloud, db: Database) -> None:
    authorize_url, cookie = begin_install(app)
    back = approve(authorize_url, cloud, ACME)
    forged = back.replace("state=", "state=forged")
    refused = [
        httpx.get(forged, headers={"Cookie": cookie}),  # a state we never issued
        httpx.get(back),  # no state cookie: not the browser that began
        httpx.get(back, headers={"Cookie": cookie.replace("=", "=other")}),
        httpx.get(back.split("?")[0] + "?code=made-up", headers={"Cookie": cookie}),
    ]
    assert [r.status_code for r in refused] == [400, 400, 400, 400]
    assert installations_stored(db) == (0, 0)
    assert [c.method for c in cloud.calls] == []  # no code was exchanged


def test_a_workspace_without_an_installation_is_refused_with_nothing_called_or_stored(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    install(app, cloud, ACME)
    gamma = people(cloud.add_workspace(GAMMA, name="Gamma", tag="0GAM"))
    before = counts(db, Workspace(GAMMA))

    slack = sender(app, gamma, clock)
    response = slack.command("", user=ALICE)
    joined = slack.event(membership("member_joined_channel", user=BOB, channel=GENERAL))
    opened = slack.event({"type": "app_home_opened", "user": ALICE, "tab": "home"})

    assert response.json()["text"] == NOT_INSTALLED
    assert (joined.status_code, opened.status_code) == (200, 200)  # not asked again
    app.wait_idle()
    assert gamma.calls == []
    assert counts(db, Workspace(GAMMA)) == before == dict.fromkeys(before, 0)


def test_installs_begun_and_never_finished_are_forgotten(app: RunningApp, db: Database) -> None:
    for _ in range(3):
        begin_install(app)  # anyone may: /slack/install asks no one who they are
    with db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(oauth_states)) == 3
    now = datetime.fromtimestamp(transport_time(), UTC)  # slack-sdk dates them by it

    assert forget_unfinished_installs(db, now) == 0
    assert forget_unfinished_installs(db, now + timedelta(seconds=STATE_SECONDS + 1)) == 3


def test_one_workspace_installed_by_hand_keeps_its_data_when_uninstalled(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    """With one bot token the operator installed Stand and may install it again (a revoked
    token replaced): its data goes only when they purge it."""
    declare(slack, fake_slack, user=ALICE, going=ACME_GOING)
    before = counts(db, Workspace(fake_slack.team_id))

    for event in (
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"bot": ["U0APPBOT1"]}},
    ):
        assert slack.event(event).status_code == 200
    slack.wait_idle()
    run_due_work(db, clock.now() + timedelta(days=1), web_client(BOT_TOKEN, fake_slack.url))

    after = counts(db, Workspace(fake_slack.team_id))
    assert after["stands"] == before["stands"] == 1
