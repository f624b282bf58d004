"""Stand installed in several workspaces through Slack's OAuth flow, against the fake
``SlackCloud``: the browser's part of an install, and one workspace's way to a started
pilot."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import func, select

from slack_app.config import Settings
from slack_app.store.database import Database
from slack_app.store.models import PilotRow, bots, installations
from tests.conftest import ALICE, BOB, GENERAL, SIGNING_SECRET, sender_for
from tests.fakeslack import FakeSlack
from tests.fakeslack.cloud import SlackCloud
from tests.support import structure_flows as sf
from tests.support.clock import Clock
from tests.support.pilot_flows import decide, open_by_command, press, proposal_values, proposer_dm
from tests.support.pilot_flows import submit as submit_proposal
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, structure
from tests.support.team_flows import declare_with_follower, form
from tests.support.team_steps import DAVE, ERIN

ACME, BETA, GAMMA = "T0ACME0001", "T0BETA0001", "T0GAMMA001"
GRID, NORTH, SOUTH = "E0GRID0001", "T0NORTH001", "T0SOUTH001"
STATE_COOKIE = "slack-app-oauth-state"
ACME_GOING = "It's going to go out every day at Acme."
BETA_GOING = "It's going to go out every hour at Beta."


def oauth_settings(cloud: SlackCloud, database_url: str, **extra: Any) -> Settings:
    """Stand with the app's client id and secret, and no bot token: OAuth installs."""
    return Settings(
        slack_client_id=cloud.client_id,
        slack_client_secret=SecretStr(cloud.client_secret),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=cloud.url,
        database_url=database_url,
        _env_file=None,  # type: ignore[call-arg]
        **extra,
    )


def people(fake: FakeSlack, team_id: str | None = None) -> FakeSlack:
    """The same people (and ids) as every other test's workspace: in two workspaces, the
    same ids must still never meet. ``team_id``: their home workspace, in an org."""
    home: dict[str, Any] = {} if team_id is None else {"team_id": team_id}
    fake.add_user(ALICE, name="alice", real_name="Alice Adams", tz="Europe/Berlin", **home)
    fake.add_user(BOB, name="bob", real_name="Bob Brown", tz="America/New_York", **home)
    fake.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London", **home)
    fake.add_user(ERIN, name="erin", real_name="Erin Ebert", tz="Asia/Tokyo", **home)
    fake.add_channel(GENERAL, name="general", members={ALICE, BOB}, bot_is_member=True)
    return fake


@contextmanager
def running(
    settings: Settings, db: Database, cloud: SlackCloud, clock: Clock
) -> Iterator[RunningApp]:
    with RunningApp(settings, db, clock.now) as app:
        cloud.redirect_url = app.url + "/slack/oauth_redirect"
        yield app


def begin_install(app: RunningApp) -> tuple[str, str]:
    """The install button: (where Bolt sends the browser, the state cookie it sets)."""
    start = httpx.get(app.url + "/slack/install")
    assert start.status_code == 302, start.text
    cookie = start.headers["set-cookie"].split(";", 1)[0]
    assert cookie.startswith(STATE_COOKIE + "=")
    return start.headers["location"], cookie


def approve(authorize_url: str, cloud: SlackCloud, team: str) -> str:
    """On Slack's page the person picks ``team`` (a workspace, or an org) and approves:
    where Slack sends the browser back to."""
    assert authorize_url.startswith(cloud.root + "/oauth/v2/authorize?")
    back = httpx.get(authorize_url + f"&team={team}")
    assert back.status_code == 302, back.text
    return back.headers["location"]


def install(app: RunningApp, cloud: SlackCloud, team: str) -> httpx.Response:
    """The whole install, as a browser makes it, following the state cookie."""
    authorize_url, cookie = begin_install(app)
    back = approve(authorize_url, cloud, team)
    done = httpx.get(back, headers={"Cookie": cookie})
    assert done.status_code == 200, done.text
    return done


def sender(
    app: RunningApp, fake: FakeSlack, clock: Clock, *, team: str | None = None
) -> SlackSender:
    """Signed requests from ``fake``'s workspace (``team``: one workspace of an org)."""
    slack = sender_for(app, fake, clock, forget_calls=False)  # a workspace's calls so far count
    app.close_at_exit(slack.close)
    if team is not None:
        slack.team_id = team
    if fake.enterprise_id is not None:
        slack.enterprise_id = fake.enterprise_id
        slack.org_wide = fake.workspace.org_wide
    return slack


def installations_stored(db: Database) -> tuple[int, int]:
    with db.engine.connect() as connection:
        return (
            connection.scalar(select(func.count()).select_from(installations)) or 0,
            connection.scalar(select(func.count()).select_from(bots)) or 0,
        )


def pilot_of(db: Database, team_id: str) -> int:
    with db.across_workspaces() as session:
        [pilot_id] = session.scalars(select(PilotRow.id).where(PilotRow.team_id == team_id))
    return pilot_id


def to_a_started_pilot(slack: SlackSender, fake: FakeSlack, db: Database, *, going: str) -> Running:
    """Alice's stand (``going``), Bob her first follower, her team, her pilot approved by
    Dave, a milestone (Bob's) with a deliverable (Erin's), started: F1 to F5."""
    declare_with_follower(slack, fake, db, author=ALICE, follower=BOB, going=going)
    channel, news = form(slack, fake, author=ALICE)
    assert channel is not None, news["text"]
    view = open_by_command(slack, fake, user=ALICE, channel=channel)
    assert submit_proposal(slack, view, proposal_values(view, sponsor=DAVE), user=ALICE) == {}
    decide(slack, fake, sponsor=DAVE, action_id="decide_approve")
    pilot = Running(channel, pilot_of(db, slack.team_id))
    add(slack, fake, pilot, "milestone", sf.milestone(owner=BOB))
    [milestone] = structure(db, fake, pilot).milestones
    add(slack, fake, pilot, "deliverable", sf.deliverable(milestone.id, owner=ERIN))
    dm = fake.workspace.dm_ids[ALICE]
    press(slack, fake, proposer_dm(fake, ALICE), "start_pilot", user=ALICE, channel=dm)
    slack.wait_idle()
    return pilot
