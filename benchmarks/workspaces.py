"""Check-ins due at once in many workspaces, each posted with its own workspace's token,
against the same number due at once in one workspace.

Makes W installed workspaces (OAuth installs, a token each, in the fake ``SlackCloud``)
with P running pilots each, their check-ins all due at the same instant; and, in the same
run, one workspace (one bot token) with W x P. Dispatches both with
``dispatch_due_checkins`` and prints check-ins per second and queries per check-in, and the
many-workspaces figures as ratios of the single-workspace ones (the goal: within 10 %).

    uv run --frozen python -m benchmarks.workspaces [WORKSPACES] [PILOTS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from slack_sdk.oauth.installation_store import Installation

from benchmarks.charter import counting
from slack_app.flows.checkins.posting import dispatch_due_checkins
from slack_app.installs import Installs
from slack_app.slack.client import web_client
from slack_app.slack.clients import Clients, OneToken
from slack_app.store.database import Database
from slack_app.store.schema import upgrade_to_head
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.fakeslack.blockkit import forget_checked
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock
from tests.support.many_pilots import DUE, SET_AT, posts_per_checkin, running_pilots
from tests.support.many_workspaces import oauth_settings


def database(tmp: str, name: str) -> Database:
    db = Database.from_url(f"sqlite:///{Path(tmp) / name}")
    upgrade_to_head(db.engine)
    return db


def dispatch(db: Database, clients: Clients, n: int) -> tuple[float, float]:
    """(check-ins per second, queries per check-in)."""
    forget_checked()
    with counting(db) as statements:
        started = time.perf_counter()
        result = dispatch_due_checkins(clients, db, DUE)
        elapsed = time.perf_counter() - started
    assert result.posted == n, result
    return n / elapsed, len(statements) / n


def one_workspace(tmp: str, clock: Clock, n: int) -> tuple[float, float]:
    with FakeSlack(BOT_TOKEN, clock=clock) as fake:
        db = database(tmp, "one.db")
        running_pilots(db, fake, n)
        clock.current = DUE
        figures = dispatch(db, OneToken(web_client(BOT_TOKEN, fake.url)), n)
        assert set(posts_per_checkin(fake).values()) == {1}
        db.dispose()
    return figures


def many_workspaces(tmp: str, clock: Clock, workspaces: int, pilots: int) -> tuple[float, float]:
    database_url = f"sqlite:///{Path(tmp) / 'many.db'}"
    with SlackCloud(clock) as cloud:
        db = database(tmp, "many.db")
        installs = Installs(oauth_settings(cloud, database_url), db, clock.now)
        fakes = []
        for w in range(workspaces):
            fake = cloud.add_workspace(f"T0BENCH{w:03d}", name=f"Bench {w}", tag=f"0B{w:03d}")
            installs.store.save(
                Installation(
                    app_id=fake.app_id,
                    team_id=fake.team_id,
                    bot_token=cloud.granted(fake),
                    bot_id=fake.bot_id,
                    bot_user_id=fake.bot_user_id,
                    user_id="U0INSTALL1",
                )
            )
            running_pilots(db, fake, pilots)
            fakes.append(fake)
        clock.current = DUE
        figures = dispatch(db, installs.clients, workspaces * pilots)
        for fake in fakes:
            assert set(posts_per_checkin(fake).values()) == {1}, "each posted once"
            assert {c.token for c in fake.calls} == set(cloud.issued[fake.team_id])
        assert cloud.strays == []
        db.dispose()
    return figures


def main(workspaces: int, pilots: int) -> None:
    n = workspaces * pilots
    with tempfile.TemporaryDirectory() as tmp:
        one_rate, one_queries = one_workspace(tmp, Clock(SET_AT), n)
        many_rate, many_queries = many_workspaces(tmp, Clock(SET_AT), workspaces, pilots)
    print(f"{n} check-ins due at once")
    print(
        f"  one workspace, one token        {one_rate:8.1f} check-ins/s "
        f"{one_queries:6.2f} queries each"
    )
    print(
        f"  {workspaces} workspaces x {pilots} pilots       {many_rate:8.1f} check-ins/s "
        f"{many_queries:6.2f} queries each"
    )
    rate, queries = many_rate / one_rate, many_queries / one_queries
    print(f"  ratio (many / one)              {rate:8.2f} rate        {queries:6.2f} queries")
    within = abs(1 - rate) <= 0.10 and queries <= 1.10
    print(f"  within 10 % of one workspace: {'yes' if within else 'NO'}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [50, 20][len(args) :]))
