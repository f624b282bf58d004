"""Effects (a request's Slack side after its ack) let the requests being answered go first,
never wait twice in a backlog, and never fail silently."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from time import monotonic

import pytest

from slack_app.effects import YIELD_AT_MOST, AcksFirst, Effects


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


def test_a_modal_to_open_goes_ahead_of_the_posts_waiting() -> None:
    """A team being formed must not make a modal's trigger_id (3 s) expire in the queue."""
    _, effects = one_worker()
    busy, order = threading.Event(), []

    def form_a_team() -> None:  # keeps the one worker busy
        busy.wait(5)

    effects.submit(form_a_team)
    effects.submit(lambda: order.append("post A"))
    effects.submit(lambda: order.append("post B"))
    effects.submit(lambda: order.append("modal"), first=True)
    busy.set()
    effects.shutdown()
    assert order == ["modal", "post A", "post B"]


def test_a_modal_yields_less_than_a_post() -> None:
    acks, effects = one_worker()
    opened = threading.Event()
    with acks.answering():  # no lull ever comes
        handed = monotonic()
        effects.submit(opened.set, first=True)
        assert opened.wait(5)
        took = monotonic() - handed
    assert took < YIELD_AT_MOST, f"the modal waited {took:.2f} s, as long as a post would"
    effects.shutdown()
