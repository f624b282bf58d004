"""`slack-app outbox`: per kind of Slack effect, what waits, is retried, and was given up;
a failing exit status when anything was given up, so that nothing stays stuck silently."""

from __future__ import annotations

import pytest

from slack_app import cli
from slack_app.domain.events import LONGEST_WAIT, REPLAYS
from slack_app.domain.outbox import redraw_roster
from slack_app.domain.workspace import Workspace
from slack_app.services import events, outbox
from slack_app.store.database import Database
from tests.cli.test_cli import SETTINGS
from tests.support.clock import Clock

ACME = Workspace("T0ACME0001")


def run_outbox(
    monkeypatch: pytest.MonkeyPatch, url: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    code = cli.main(["outbox"])
    return code, capsys.readouterr().out.splitlines()


def test_the_outbox_says_what_waits_is_retried_and_was_given_up(
    db: Database,
    database_url: str,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for team in (1, 2, 3):
        with db.unit_of_work(ACME) as uow:
            uow.record([redraw_roster(team)], now=clock.now())
    code, lines = run_outbox(monkeypatch, database_url, capsys)
    assert code == 0
    assert lines[1].split() == ["redraw_roster", "3", "0", "0", "0", "0"]

    first, second, _ = outbox.claim(db, clock.now())
    outbox.failed(db, first, clock.now(), "internal_error", transient=True)
    outbox.failed(db, second, clock.now(), "message_not_found", transient=False)
    code, lines = run_outbox(monkeypatch, database_url, capsys)

    assert code == 1, "a given-up effect must fail the check"
    assert lines[0].split() == [
        *("effect", "waiting", "retrying", "delivering", "done", "given", "up")
    ]
    assert lines[1].split() == ["redraw_roster", "0", "1", "1", "0", "1"]


def test_events_whose_work_keeps_failing_are_replayed_then_given_up_and_said(
    db: Database,
    database_url: str,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = {"type": "event_callback", "event_id": "Ev0FAILING1", "event": {"type": "x"}}
    with db.unit_of_work(ACME) as uow:
        assert events.first_delivery(uow, "Ev0FAILING1", now=clock.now(), body=body)
    with db.unit_of_work(ACME) as uow:  # Slack's retry of it: recognised, not kept twice
        assert not events.first_delivery(uow, "Ev0FAILING1", now=clock.now(), body=body)
    assert events.to_replay(db, clock.now()) == []  # its listener may still be at work

    replays = []
    for _ in range(REPLAYS + 1):  # its work never commits
        clock.advance(LONGEST_WAIT)
        replays += events.to_replay(db, clock.now())
        assert events.to_replay(db, clock.now()) == [], "one replay at a time"
    code, lines = run_outbox(monkeypatch, database_url, capsys)

    assert [r.body for r in replays] == [body] * REPLAYS
    assert code == 1, "a given-up event must fail the check"
    assert lines[-1].split() == ["slack_event", "0", "0", "0", "0", "1"]
