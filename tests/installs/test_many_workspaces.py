"""Stand installed in two workspaces through Slack's OAuth flow (against the fake's
``oauth.v2.access``, the browser following the state cookie), every flow run in both at
once, and neither ever seeing the other: their lists, Home tabs, charters, check-ins, and
the token on every Web API call."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from slack_app import cli
from slack_app.domain.workspace import Workspace
from slack_app.installs import NOT_INSTALLED
from slack_app.scheduler.jobs import run_due_work
from slack_app.services.departures import SETTLE, counts
from slack_app.store.database import Database
from slack_app.store.models import StandRow, bots
from slack_app.store.workspace_data import kept_tables
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.fakeslack.cloud import SlackCloud
from tests.support.checkin_flows import FIRST, checkin_posts
from tests.support.clock import Clock
from tests.support.follower_flows import declare
from tests.support.many_workspaces import (
    ACME,
    ACME_GOING,
    BETA,
    BETA_GOING,
    GRID,
    NORTH,
    SOUTH,
    install,
    installations_stored,
    people,
    sender,
    to_a_started_pilot,
)
from tests.support.running_app import RunningApp
from tests.support.structure_flows import Running, charter_text


def acme_and_a_stand_in_beta(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    """Every table of Acme's filled (F1 to F5), and Beta with a stand of its own."""
    acme, beta = cloud.workspaces[ACME], cloud.workspaces[BETA]
    to_a_started_pilot(sender(app, acme, clock), acme, db, going=ACME_GOING)
    declare(sender(app, beta, clock), beta, user=ALICE, going=BETA_GOING)


def both_journeys(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> dict[str, Running]:
    """F1 to F5 in Acme and in Beta at the same time."""
    acme, beta = cloud.workspaces[ACME], cloud.workspaces[BETA]
    journeys = {
        ACME: (sender(app, acme, clock), acme, ACME_GOING),
        BETA: (sender(app, beta, clock), beta, BETA_GOING),
    }
    with ThreadPoolExecutor(2) as pool:
        started = {
            team: pool.submit(to_a_started_pilot, slack, fake, db, going=going)
            for team, (slack, fake, going) in journeys.items()
        }
        return {team: future.result() for team, future in started.items()}


def test_two_workspaces_installed_run_every_flow_at_once_and_never_meet(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    for team in (ACME, BETA):
        page = install(app, cloud, team)
        assert "Thank you" in page.text
    assert installations_stored(db) == (2, 2)

    pilots = both_journeys(app, cloud, db, clock)
    clock.current = FIRST
    results = {r.name: r.done for r in run_due_work(db, FIRST, app.clients)}
    assert results["check-ins posted"] == 2
    app.wait_idle()

    acme, beta = cloud.workspaces[ACME], cloud.workspaces[BETA]
    for fake, mine, theirs in ((acme, ACME_GOING, BETA_GOING), (beta, BETA_GOING, ACME_GOING)):
        pilot = pilots[fake.team_id]
        # Every Web API call in a workspace was made with that workspace's token…
        assert fake.count("chat.postMessage") > 0
        assert {c.token for c in fake.calls} == set(cloud.issued[fake.team_id])
        # …its charter and its check-in are in its own pilot channel…
        assert mine in charter_text(fake, pilot)
        assert theirs not in charter_text(fake, pilot)
        [checkin] = checkin_posts(fake, pilot.channel)
        assert checkin["metadata"]["event_payload"]["pilot_id"] == pilot.pilot_id
        # …and its people see their own stand, never the other workspace's.
        home = str(fake.home_view(ALICE))
        assert mine in home
        assert theirs not in home
        listed = _list(app, fake, clock)
        assert mine in listed
        assert theirs not in listed
    assert cloud.strays == []  # no call was made with a token no workspace has
    assert pilots[ACME].channel != pilots[BETA].channel
    assert counts(db, Workspace(ACME)) == counts(db, Workspace(BETA))


def _list(app: RunningApp, fake: FakeSlack, clock: Clock, *, team: str | None = None) -> str:
    response = sender(app, fake, clock, team=team).command("list", user=ALICE)
    assert response.status_code == 200
    app.wait_idle()
    return str(response.json() if response.content else "") + str(fake.replies_to(ALICE)[-1:])


def test_an_org_wide_install_serves_each_workspace_of_the_org_apart(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    org = people(cloud.add_org(GRID, {NORTH: "North", SOUTH: "South"}, tag="0GRD"), NORTH)
    install(app, cloud, GRID)
    assert installations_stored(db) == (1, 1)
    north, south = sender(app, org, clock, team=NORTH), sender(app, org, clock, team=SOUTH)

    declare(north, org, user=ALICE, going=ACME_GOING)  # Alice belongs to both workspaces
    declare(south, org, user=ALICE, going=BETA_GOING)

    with db.across_workspaces() as session:
        rows = session.execute(select(StandRow.enterprise_id, StandRow.team_id, StandRow.going))
        assert sorted(rows) == [(GRID, NORTH, ACME_GOING), (GRID, SOUTH, BETA_GOING)]
    in_north, in_south = _list(app, org, clock, team=NORTH), _list(app, org, clock, team=SOUTH)
    assert ACME_GOING in in_north
    assert BETA_GOING not in in_north
    assert BETA_GOING in in_south
    assert ACME_GOING not in in_south
    assert {c.token for c in org.calls} == set(cloud.issued[NORTH])  # the org's one token
    assert {c.args.get("team_id") for c in org.calls} <= {NORTH, SOUTH, None}

    cloud.uninstall(org)  # from the whole org: Slack tells it from one of its workspaces
    assert north.event({"type": "app_uninstalled"}).status_code == 200
    app.wait_idle()
    run_due_work(db, clock.now() + SETTLE, app.clients)
    assert installations_stored(db) == (0, 0)
    assert sum(counts(db, Workspace(NORTH, GRID)).values()) == 0
    assert sum(counts(db, Workspace(SOUTH, GRID)).values()) == 0


def test_uninstalling_one_workspace_deletes_its_data_at_the_tick_and_reinstalling_starts_empty(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    for team in (ACME, BETA):
        install(app, cloud, team)
    acme_and_a_stand_in_beta(app, cloud, db, clock)
    run_due_work(db, clock.now(), app.clients)  # the pilot's next check-in planned
    beta_before = counts(db, Workspace(BETA))
    acme = cloud.workspaces[ACME]

    cloud.uninstall(acme)
    assert sender(app, acme, clock).event({"type": "app_uninstalled"}).status_code == 200
    app.wait_idle()

    assert installations_stored(db) == (1, 1)
    assert sender(app, acme, clock).command("list", user=ALICE).json()["text"] == NOT_INSTALLED
    assert sum(counts(db, Workspace(ACME)).values()) > 0  # until the tick
    results = {r.name: r.done for r in run_due_work(db, clock.now() + SETTLE, app.clients)}
    assert (results["rows of uninstalled workspaces deleted"] or 0) > 0
    assert set(counts(db, Workspace(ACME)).values()) == {0}
    assert counts(db, Workspace(BETA)) == beta_before

    install(app, cloud, ACME)
    assert "You have not taken a stand yet." in _list(app, acme, clock)
    assert BETA_GOING in _list(app, cloud.workspaces[BETA], clock)


def test_a_rotating_token_is_rotated_once_before_it_expires_and_used_from_then_on(
    app: RunningApp, cloud: SlackCloud, db: Database, clock: Clock
) -> None:
    cloud.rotating, cloud.expires_in = True, 3600  # within Bolt's two hours: rotate it
    install(app, cloud, ACME)
    cloud.expires_in = 43_200
    acme = cloud.workspaces[ACME]
    first = cloud.issued[ACME][0]
    assert [(c.method, c.token) for c in acme.calls] == [("auth.test", first)]  # Bolt's install
    acme.reset_calls()

    declare(sender(app, acme, clock), acme, user=ALICE, going=ACME_GOING)
    declare(sender(app, acme, clock), acme, user=BOB, going=BETA_GOING)

    assert [c.args.get("grant_type") for c in cloud.calls] == [None, "refresh_token"]
    [_, rotated] = cloud.issued[ACME]
    assert {c.token for c in acme.calls} == {rotated}
    assert first != rotated
    with db.engine.connect() as connection:
        assert set(connection.scalars(select(bots.c.bot_token))) == {rotated}


def test_export_then_purge_round_trips(
    app: RunningApp,
    cloud: SlackCloud,
    db: Database,
    clock: Clock,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for team in (ACME, BETA):
        install(app, cloud, team)
    acme_and_a_stand_in_beta(app, cloud, db, clock)
    app.wait_idle()
    stored = rows_of(db, ACME)
    beta_before = rows_of(db, BETA)
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "acme.json"

    assert cli.main(["export", "--team", ACME, "--output", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert cli.main(["purge", "--team", ACME]) == 0
    dry_run = capsys.readouterr().out
    assert rows_of(db, ACME) == stored  # a dry run deletes nothing
    assert cli.main(["purge", "--team", ACME, "--yes"]) == 0
    done = capsys.readouterr().out

    assert exported["workspace"]["team_id"] == ACME
    assert exported["tables"]["processed_events"]  # kept events, with their bodies…
    assert '"token":' not in out.read_text()  # …but never the app's verification token
    assert '"authorizations":' not in out.read_text()
    assert {t: {_key(r) for r in rows} for t, rows in exported["tables"].items() if rows} == stored
    total = sum(len(keys) for keys in stored.values())
    assert f"Dry run: {total} rows of workspace {ACME} would be deleted" in dry_run
    assert f"Deleted {total} rows of workspace {ACME}." in done
    assert rows_of(db, ACME) == {}
    assert rows_of(db, BETA) == beta_before


def rows_of(db: Database, team_id: str) -> dict[str, set[str]]:
    """Each table's rows of the workspace, by their primary key."""
    found: dict[str, set[str]] = {}
    with db.engine.connect() as connection:
        for kept in kept_tables():
            table = kept.model.__table__  # type: ignore[attr-defined]
            query = select(table).where(table.c.team_id == team_id)
            keys = {_key(dict(row)) for row in connection.execute(query).mappings()}
            if keys:
                found[kept.table] = keys
    return found


def _key(row: dict[str, object]) -> str:
    return json.dumps(
        {k: row[k] for k in ("id", "event_id", "channel_id", "team_id") if k in row}, default=str
    )
