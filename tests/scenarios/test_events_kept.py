"""Slack's events are the app's once acked (Slack retries only an event not acked in time):
one whose work fails after the ack (a locked database, a bug) is kept and replayed until
its work is done, and applied once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from slack_app.domain.events import REPLAY_AFTER
from slack_app.domain.team import Standing
from slack_app.flows import EVENTS
from slack_app.flows.checkins import answers as answers_flow
from slack_app.flows.team import events as team_events
from slack_app.middleware import KEPT_EVENTS
from slack_app.services.events import events_report
from slack_app.store.database import Database
from tests.conftest import BOB
from tests.fakeslack import FakeSlack
from tests.support.broken import BrokenOnce
from tests.support.checkin_flows import FIRST, checkin_posts, message_ts, thread_reply, tick
from tests.support.clock import Clock
from tests.support.counting import database_cost
from tests.support.roster_check import assert_roster_matches, changes
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running
from tests.support.team_flows import membership, reaction, set_in_channel
from tests.support.team_steps import DAVE, Pilot, standing
from tests.support.waiting import eventually


@contextmanager
def database_locked(url: str) -> Iterator[Callable[[], bool]]:
    """Another process's lock on the database, until the block ends. SQLite: the write
    lock (the app's writes fail after its busy timeout). PostgreSQL: the team tables,
    exclusively (the app waits). Yields whether the app is held up by it right now."""
    engine = create_engine(url.replace("sqlite://", "sqlite+pysqlite://", 1), poolclass=None)
    sqlite = engine.dialect.name == "sqlite"
    connection = engine.connect()
    try:
        if sqlite:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.begin()
            connection.execute(text("LOCK TABLE teams, team_people IN ACCESS EXCLUSIVE MODE"))

        def waiting() -> bool:
            if sqlite:
                return True
            with engine.connect() as probe:
                found = probe.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                ).scalar()
            return bool(found)

        yield waiting
    finally:
        connection.rollback()
        connection.close()
        engine.dispose()


def replay_due(slack: SlackSender, clock: Clock) -> None:
    clock.advance(REPLAY_AFTER)
    slack.deliver_due()


def test_a_join_acked_while_the_database_is_locked_is_applied_once_after_the_lock(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    pilot: Pilot,
    clock: Clock,
    database_url: str,
) -> None:
    set_in_channel(fake_slack, pilot.channel, DAVE, present=True)
    event = membership("member_joined_channel", user=DAVE, channel=pilot.channel)
    # Slack takes a moment to say who Dave is: the lock lands between the ack and the join.
    fake_slack.latency_after_of["users.info"] = 0.5

    assert slack.event(event).status_code == 200  # acked: Slack will not send it again
    sqlite = db.engine.dialect.name == "sqlite"
    with database_locked(database_url) as app_waits:
        if sqlite:
            # The join's transaction gives up behind the lock (after waiting its turn behind
            # the dispatcher's, when that polled meanwhile: 5 s, then SQLite's busy 5 s)…
            slack.wait_idle(timeout=30)
        else:
            eventually(app_waits, timeout=10)  # …or waits for it
    slack.wait_idle()
    if sqlite:  # …and is kept, to be replayed
        assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT
        assert events_report(db).pending == 1
    replay_due(slack, clock)

    assert standing(fake_slack, db, pilot, DAVE) is Standing.WATCHER
    assert len(changes(db, DAVE)) == 1
    assert len(fake_slack.ephemeral_messages(pilot.channel)) == 1  # welcomed once
    assert_roster_matches(fake_slack, db, pilot.channel)
    report = events_report(db)
    assert (report.pending, report.replaying, report.given_up) == (0, 0, 0)


def test_an_event_whose_listener_failed_is_replayed_and_applied_once(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    pilot: Pilot,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = BrokenOnce(team_events, "team_of_channel", monkeypatch)
    opt_in = reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=pilot.vision["ts"])

    assert slack.event(opt_in, event_id="Ev0KEPT0001").status_code == 200
    slack.wait_idle()
    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT
    assert events_report(db).pending == 1
    # Slack's own retry of it (it thinks it was lost) does not run it a second time…
    assert slack.event(opt_in, event_id="Ev0KEPT0001", retry_num=1).status_code == 200
    slack.wait_idle()
    assert broken.calls == 1
    # …the replay does, once.
    replay_due(slack, clock)
    replay_due(slack, clock)

    assert broken.calls == 2
    assert standing(fake_slack, db, pilot, DAVE) is Standing.MEMBER
    assert len(changes(db, DAVE)) == 1
    assert_roster_matches(fake_slack, db, pilot.channel)
    report = events_report(db)
    assert (report.pending, report.replaying, report.given_up) == (0, 0, 0)


def test_a_check_in_answer_whose_work_failed_is_replayed_and_kept_once(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert tick(db, fake_slack, FIRST) == 1
    [post] = checkin_posts(fake_slack, started.channel)
    reply = thread_reply(
        fake_slack, started.channel, post["ts"], user=BOB, text="Two agents on it."
    )
    broken = BrokenOnce(answers_flow, "answer", monkeypatch)
    assert slack.event(reply, event_id="Ev0ANSWER01").status_code == 200
    slack.wait_idle()
    assert "Answered: nobody yet" in str(checkin_posts(fake_slack, started.channel)[0]["blocks"])
    assert events_report(db).pending == 1

    replay_due(slack, clock)
    assert slack.event(reply, event_id="Ev0ANSWER01", retry_num=1).status_code == 200
    slack.wait_idle()

    assert broken.calls == 2
    [redrawn] = checkin_posts(fake_slack, started.channel)
    assert "Answered: <@U0BOB00001>" in str(redrawn["blocks"])
    report = events_report(db)
    assert (report.pending, report.replaying, report.given_up) == (0, 0, 0)


def test_other_messages_in_a_channel_cost_nothing_and_are_not_kept(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    chatter = {
        "type": "message",
        "channel": pilot.channel,
        "channel_type": "channel",
        "user": DAVE,
        "text": "Lunch?",
        "ts": message_ts(fake_slack),
    }
    with database_cost(db) as cost:
        assert slack.event(chatter).status_code == 200
        slack.wait_idle()

    assert cost.transactions == 0, str(cost)


def test_every_kept_kind_of_event_has_a_listener() -> None:
    """A kept delivery with no listener would stay pending until given up (messages are
    kept when they concern a thread: the check-ins' listener takes them)."""
    assert set(EVENTS) >= {*KEPT_EVENTS, "message"}
