"""The outbox's rows: recorded with the change, coalesced per surface, claimed once, retried
with backoff, given up, and taken back from a dispatcher that died."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from slack_app.domain.outbox import (
    LEASE,
    Effect,
    EffectKind,
    EffectState,
    redraw_request,
    redraw_roster,
    send_request,
)
from slack_app.domain.workspace import Workspace
from slack_app.services import outbox
from slack_app.store.database import Database
from slack_app.store.models import EffectRow
from tests.support.clock import Clock
from tests.support.counting import database_cost

ACME, GLOBEX = Workspace("T0ACME0001"), Workspace("T0GLOBEX01")
DM = EffectKind.REDRAW_ROSTER  # any kind: the rows do not care what is delivered


def a_post(channel: str) -> Effect:
    """An effect with no surface: never coalesced."""
    return Effect(DM, {"to": channel}, channel=channel)


def record(db: Database, workspace: Workspace, clock: Clock, *effects: Effect) -> None:
    with db.unit_of_work(workspace) as uow:
        uow.record(effects, now=clock.now())


def states(db: Database) -> list[tuple[str, EffectState]]:
    with db.engine.connect() as connection:
        rows = connection.execute(select(EffectRow.team_id, EffectRow.state).order_by(EffectRow.id))
        return [(team, EffectState(state)) for team, state in rows]


def test_effects_are_written_with_the_commit_in_one_statement(db: Database, clock: Clock) -> None:
    with database_cost(db) as cost, db.unit_of_work(ACME) as uow:
        uow.record([redraw_roster(1), a_post("C1")], now=clock.now())
        uow.record([a_post("C2")], now=clock.now())
    inserts = [s for s in cost.statements if s.startswith("INSERT INTO outbox")]
    assert len(inserts) == 1, cost
    assert states(db) == [(ACME.team_id, EffectState.WAITING)] * 3


def test_a_rolled_back_change_leaves_no_effect(db: Database, clock: Clock) -> None:
    try:
        with db.unit_of_work(ACME) as uow:
            uow.record([a_post("C1")], now=clock.now())
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert states(db) == []


def test_waiting_redraws_of_one_surface_coalesce(db: Database, clock: Clock) -> None:
    for _ in range(3):
        record(db, ACME, clock, redraw_roster(1), redraw_roster(1))
    record(db, ACME, clock, redraw_roster(2))
    record(db, GLOBEX, clock, redraw_roster(1))  # another workspace's team 1
    record(db, ACME, clock, a_post("C1"), a_post("C1"))  # posts never coalesce
    assert len(states(db)) == 5


def test_an_effect_is_claimed_by_one_dispatcher(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"))
    record(db, GLOBEX, clock, a_post("C2"))
    first = outbox.claim(db, clock.now())
    assert [(c.workspace, c.payload) for c in first] == [
        (ACME, {"to": "C1"}),
        (GLOBEX, {"to": "C2"}),
    ]
    assert outbox.claim(db, clock.now()) == []
    assert outbox.all_settled(db, first, clock.now()) == len(first)
    assert [state for _, state in states(db)] == [EffectState.DONE] * 2


def test_a_surface_being_drawn_is_not_drawn_again_at_once(db: Database, clock: Clock) -> None:
    """A change during a redraw waits for it, then draws the newest state: the last edit to
    land is the newest, never an older one overtaking it."""
    record(db, ACME, clock, redraw_roster(1))
    [drawing] = outbox.claim(db, clock.now())
    record(db, ACME, clock, redraw_roster(1))  # waits: the first is still delivering
    assert outbox.claim(db, clock.now()) == []
    outbox.all_settled(db, [drawing], clock.now())
    [again] = outbox.claim(db, clock.now())
    assert again.surface == drawing.surface
    assert again.id != drawing.id


def test_a_transient_failure_is_retried_after_a_growing_wait(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"))
    waits = []
    [claimed] = outbox.claim(db, clock.now())
    for _ in range(4):
        due = outbox.failed(db, claimed, clock.now(), "internal_error", transient=True)
        assert due is not None, "a transient failure was given up"
        failed_at = clock.now()
        while not (again := outbox.claim(db, clock.now())):
            clock.advance(timedelta(milliseconds=250))
        [claimed] = again
        waits.append(clock.now() - failed_at)
        assert clock.now() == due
    assert waits == [timedelta(seconds=s) for s in (1, 2, 4, 8)]


def test_slacks_retry_after_is_honoured(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"))
    [claimed] = outbox.claim(db, clock.now())
    outbox.failed(db, claimed, clock.now(), "ratelimited", transient=True, retry_after=30)
    clock.advance(timedelta(seconds=29))
    assert outbox.claim(db, clock.now()) == []
    clock.advance(timedelta(seconds=1))
    assert len(outbox.claim(db, clock.now())) == 1


def test_an_error_no_retry_cures_is_given_up(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"), a_post("C2"))
    refused, flaky = outbox.claim(db, clock.now())
    assert outbox.failed(db, refused, clock.now(), "channel_not_found", transient=False) is None
    clock.advance(timedelta(days=1))  # failing for a day: enough
    assert outbox.failed(db, flaky, clock.now(), "internal_error", transient=True) is None
    assert [state for _, state in states(db)] == [EffectState.GIVEN_UP] * 2
    assert outbox.claim(db, clock.now() + timedelta(days=30)) == []


def test_a_delivery_whose_dispatcher_died_is_claimed_again(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"))
    [lost] = outbox.claim(db, clock.now())
    clock.advance(LEASE - timedelta(seconds=1))
    assert outbox.claim(db, clock.now()) == []  # still under its lease
    clock.advance(timedelta(seconds=1))
    [taken] = outbox.claim(db, clock.now())
    assert (taken.id, taken.attempts) == (lost.id, 2)
    assert outbox.all_settled(db, [lost], clock.now()) == 0, "a lost claim settled the effect"
    assert outbox.all_settled(db, [taken], clock.now()) == 1


def test_a_retried_redraw_gives_way_to_a_newer_one(db: Database, clock: Clock) -> None:
    """...which waits as long as Slack asked the failed one to."""
    record(db, ACME, clock, redraw_roster(1))
    [failing] = outbox.claim(db, clock.now())
    record(db, ACME, clock, redraw_roster(1))
    outbox.failed(db, failing, clock.now(), "ratelimited", transient=True, retry_after=30)
    clock.advance(timedelta(seconds=29))
    assert outbox.claim(db, clock.now()) == []
    clock.advance(timedelta(seconds=1))
    [newest] = outbox.claim(db, clock.now())
    assert newest.id != failing.id
    assert [state for _, state in states(db)] == [EffectState.DONE, EffectState.DELIVERING]


def test_a_failed_send_hands_its_duty_to_the_redraw_waiting_behind_it(
    db: Database, clock: Clock
) -> None:
    """A request's send fails after a redraw of the request was recorded: the redraw takes
    over the send (kind, payload) and its attempts, so the next try looks for the DM the
    failed one may have sent, and then tells who asked."""
    record(db, ACME, clock, send_request(7, again=True))
    [sending] = outbox.claim(db, clock.now())
    record(db, ACME, clock, redraw_request(7))
    outbox.failed(db, sending, clock.now(), "TimeoutError", transient=True)
    clock.advance(timedelta(seconds=1))

    [taken_over] = outbox.claim(db, clock.now())

    assert taken_over.id != sending.id
    assert (taken_over.kind, taken_over.payload) == (
        EffectKind.SEND_REQUEST,
        {"decision_id": 7, "again": 1},
    )
    assert taken_over.may_have_reached_slack


def test_a_lost_claim_hands_nothing_over_and_records_nothing(db: Database, clock: Clock) -> None:
    """A delivery that outlived its lease fails: another dispatcher holds the effect now,
    so the redraw waiting behind it is left as it is, and the failure is not recorded."""
    record(db, ACME, clock, redraw_roster(1))
    [lost] = outbox.claim(db, clock.now())
    clock.advance(LEASE)
    [taken] = outbox.claim(db, clock.now())
    record(db, ACME, clock, redraw_roster(1))

    with pytest.raises(outbox.ClaimLost):
        outbox.failed(db, lost, clock.now(), "TimeoutError", transient=True)
    with pytest.raises(outbox.ClaimLost):
        outbox.failed(db, lost, clock.now(), "channel_not_found", transient=False)

    with db.engine.connect() as connection:
        rows = connection.execute(
            select(EffectRow.state, EffectRow.attempts, EffectRow.last_error).order_by(EffectRow.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (EffectState.DELIVERING, 2, None),
        (EffectState.WAITING, 0, None),
    ]
    assert outbox.all_settled(db, [taken], clock.now()) == 1


def test_settled_effects_are_forgotten_after_a_week(db: Database, clock: Clock) -> None:
    record(db, ACME, clock, a_post("C1"), a_post("C2"), a_post("C3"))
    done, refused, _ = outbox.claim(db, clock.now())
    outbox.all_settled(db, [done], clock.now())
    outbox.failed(db, refused, clock.now(), "channel_not_found", transient=False)
    clock.advance(timedelta(days=7))
    assert outbox.forget_old_effects(db, clock.now()) == 0
    clock.advance(timedelta(seconds=1))
    assert outbox.forget_old_effects(db, clock.now()) == 2
    assert states(db) == [(ACME.team_id, EffectState.DELIVERING)]
