"""Effects (a request's Slack side after its ack) let the requests being answered go first,
never wait twice in a backlog, and never fail silently."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from time import monotonic

import pytest

from slack_app.effects import (
    MODAL_WORKERS,
    YIELD_AT_MOST,
    AcksFirst,
    Effects,
)


def one_worker() -> tuple[AcksFirst, Effects]:
    acks = AcksFirst()
    return acks, Effects(ThreadPoolExecutor(1), acks)


def test_an_effect_waits_while_a_request_is_being_answered() -> None:
    acks, effects = one_worker()
    ran = threading.Event()
    with acks.answering():
        effects.submit(ran.set)
        assert not ran.wait(YIELD_AT_MOST / 5), "ran while the request was still answered"
    assert ran.wait(5), "ran once the request was answered"
    effects.shutdown()


def test_a_backlog_yields_once_from_when_it_was_handed_over() -> None:
    """Under sustained load each piece would otherwise wait its own half second, and a
    modal's trigger_id (3 s) would expire in the queue."""
    acks, effects = one_worker()
    done = [threading.Event() for _ in range(4)]
    with acks.answering():  # a request answered all along: no lull ever comes
        handed = monotonic()
        for event in done:
            effects.submit(event.set)
        assert all(event.wait(5) for event in done)
        took = monotonic() - handed
    assert took < 2 * YIELD_AT_MOST, f"the backlog took {took:.2f} s: it yielded more than once"
    effects.shutdown()


def test_work_that_escapes_its_own_error_handling_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, effects = one_worker()

    def broken() -> None:
        raise RuntimeError("Slack unreachable, and the apology too")

    with caplog.at_level(logging.ERROR, logger="slack_app.effects"):
        effects.submit(broken)
        effects.shutdown()
    [record] = caplog.records
    assert record.exc_info is not None
    assert "Slack unreachable" in str(record.exc_info[1])


def test_a_modal_opens_while_the_workers_are_busy_forming_a_team() -> None:
    """A team being formed (several Slack calls) must not make a modal's trigger_id (3 s)
    expire behind it."""
    acks = AcksFirst()
    effects = Effects(ThreadPoolExecutor(1), acks, modals=ThreadPoolExecutor(1))
    busy, opened = threading.Event(), threading.Event()

    def form_a_team() -> None:  # keeps the one effects worker busy
        busy.wait(5)

    effects.submit(form_a_team)
    effects.submit(form_a_team)
    effects.submit(opened.set, modal=True)
    assert opened.wait(5), "the modal waited for the team to form"
    busy.set()
    effects.shutdown()


def test_a_modal_opens_at_once_while_other_requests_are_answered() -> None:
    """The person who typed `/stand` is looking at the screen, and the trigger_id lasts
    3 s from the click: a modal never waits for a lull as a post does."""
    acks = AcksFirst()
    effects = Effects(ThreadPoolExecutor(1), acks, modals=ThreadPoolExecutor(1))
    opened, posted = threading.Event(), threading.Event()
    with acks.answering():  # no lull ever comes
        effects.submit(posted.set)
        effects.submit(opened.set, modal=True)
        assert opened.wait(YIELD_AT_MOST / 5), "the modal waited for the acks"
        assert not posted.is_set(), "the post went before the acks"
    effects.shutdown()


def test_modals_open_many_at_once_not_one_round_trip_at_a_time() -> None:
    """Opening a modal is mostly a wait on Slack: a burst of `/stand`s must not queue."""
    effects = Effects(ThreadPoolExecutor(1))
    inside, most = 0, 0
    lock, go = threading.Lock(), threading.Event()

    def views_open() -> None:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
            if inside == MODAL_WORKERS:
                go.set()
        go.wait(5)  # Slack answering once all are asked (a loaded machine starts threads slowly)
        with lock:
            inside -= 1

    for _ in range(MODAL_WORKERS):
        effects.submit(views_open, modal=True)
    effects.shutdown()
    assert most == MODAL_WORKERS
