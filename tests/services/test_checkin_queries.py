"""Dispatching check-ins reads and writes a batch at a time: the statements it runs grow by at
most three per check-in (in practice, the UPDATE recording each post), never by what loading
each check-in's pilot one at a time would cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from benchmarks.charter import counting
from slack_app.flows.checkins.posting import dispatch_due_checkins
from slack_app.services.checkins import (
    Posted,
    claim_checkins,
    mark_posted,
    plan_checkins,
    renew_claims,
)
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.models import CheckinRow
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.many_pilots import DUE, posts_per_checkin, running_pilots

PER_CHECKIN = 3  # the budget
FIXED = 30  # planning, claiming and loading a batch, and the round that finds nothing more


@pytest.mark.parametrize("pilots", [5, 20])
def test_posting_due_checkins_costs_at_most_three_statements_each(
    db: Database, fake_slack: FakeSlack, clock: Clock, pilots: int
) -> None:
    running_pilots(db, fake_slack, pilots)
    clock.current = DUE

    with counting(db) as statements:
        result = dispatch_due_checkins(web_client(BOT_TOKEN, fake_slack.url), db, DUE)

    assert result.posted == pilots
    assert set(posts_per_checkin(fake_slack).values()) == {1}
    assert len(statements) <= PER_CHECKIN * pilots + FIXED, "\n".join(statements)


@pytest.mark.parametrize("pilots", [5, 20])
def test_skipping_stale_checkins_costs_no_statement_each(
    db: Database, fake_slack: FakeSlack, clock: Clock, pilots: int
) -> None:
    running_pilots(db, fake_slack, pilots)
    clock.current = DUE + timedelta(hours=13)  # too late to be worth posting

    with counting(db) as statements:
        result = dispatch_due_checkins(web_client(BOT_TOKEN, fake_slack.url), db, clock.now())

    assert (result.posted, result.skipped) == (0, pilots)
    assert posts_per_checkin(fake_slack) == {}
    assert len(statements) <= FIXED, "\n".join(statements)


def test_renewing_a_batchs_claims_is_one_statement_and_drops_those_taken_over(
    db: Database, fake_slack: FakeSlack
) -> None:
    running_pilots(db, fake_slack, 3)
    plan_checkins(db)
    first, taken, third = claim_checkins(db, DUE)
    with db.across_workspaces() as session:  # its lease ran out, and another process claimed it
        session.execute(
            update(CheckinRow)
            .where(CheckinRow.id == taken.checkin.id)
            .values(claimed_at=DUE + timedelta(minutes=6))
        )

    with counting(db) as statements:
        kept = renew_claims(db, [first, taken, third], DUE + timedelta(minutes=1))

    assert [one.checkin.id for one in kept] == [first.checkin.id, third.checkin.id]
    assert [one.claim for one in kept] == [DUE + timedelta(minutes=1)] * 2
    assert len([s for s in statements if s.startswith("UPDATE")]) == 1
    lost = Posted(taken, taken.channel_id or "", "1.000009", None, None, DUE)
    assert mark_posted(db, [lost]) == 0, "a claim taken over is not this process's to record"
