"""Where a request's Slack side runs after its ack: workers of their own, apart from Bolt's
listener pool, where posts let requests still waiting for their ack go first.

Slack's 3-second window for an ack is a hard deadline; a declaration posted a few hundred
milliseconds later is not. Under a burst (everyone's `/stand` at 09:00 on a Monday) posts
and redraws wait, up to ``YIELD_AT_MOST``, until no request is being answered, so the CPU
goes to the acks first. A modal to open does not wait: its trigger_id lasts 3 s from the
click, ack included, and the person is looking at the screen, so it opens at once on a lane
of its own, as a bare Bolt listener opens it right after its ack.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager

log = logging.getLogger(__name__)
WORKERS = 2
# Opening a modal is one Web API call, mostly a wait on the network: under a burst of
# `/stand`s a few workers would open them one round trip at a time, past their 3 s. Twenty
# (twice Bolt's listener pool) open a burst of 50 with Slack 150 ms away in about 0.6 s at
# p99, where ten took 1.3 s (benchmarks/ack_time --slack-latency 150).
MODAL_WORKERS = 20
# Seconds, from its hand-over, a post or redraw waits for the requests in flight to be
# answered: a burst of 50 is answered in about as long.
YIELD_AT_MOST = 1.5
LULL = 0.01  # seconds with no request taken that count as quiet


class AcksFirst:
    """Counts the requests being answered, so that effects can wait for a quiet moment."""

    def __init__(self) -> None:
        self._answering = 0
        self._started = 0  # requests ever taken: a new one during a lull ends the lull
        self._quiet_since = float("-inf")  # monotonic: since when none is being answered
        self._quiet = threading.Condition()

    @contextmanager
    def answering(self) -> Iterator[None]:
        with self._quiet:
            self._answering += 1
            self._started += 1
        try:
            yield
        finally:
            with self._quiet:
                self._answering -= 1
                if not self._answering:
                    self._quiet_since = time.monotonic()
                    self._quiet.notify_all()

    def wait_quiet(self, deadline: float) -> None:
        """Until no request has been taken for ``LULL`` (the gap between two requests of a
        burst is far shorter), or the monotonic clock reaches ``deadline``. A lull that
        began before the call counts: a second look after a quiet spell does not wait."""
        with self._quiet:
            while (left := deadline - time.monotonic()) > 0:
                if not self._quiet.wait_for(lambda: not self._answering, timeout=left):
                    return
                started, lull_left = self._started, LULL - (time.monotonic() - self._quiet_since)
                if lull_left <= 0:
                    return
                self._quiet.wait(min(lull_left, max(0.0, deadline - time.monotonic())))
                if self._started == started and not self._answering:
                    return


class Effects:
    """Runs work after the ack: posts and redraws on a few workers once the acks have gone
    first, modals to open at once on a lane of their own."""

    def __init__(
        self,
        executor: Executor | None = None,
        acks: AcksFirst | None = None,
        modals: Executor | None = None,
    ) -> None:
        self.executor = executor or ThreadPoolExecutor(WORKERS, thread_name_prefix="effects")
        self.modals = modals or ThreadPoolExecutor(MODAL_WORKERS, thread_name_prefix="modals")
        self.acks = acks or AcksFirst()

    def submit(self, work: Callable[[], None], *, modal: bool = False) -> None:
        """Hand ``work`` over. A ``modal`` to open goes on its own lane at once, so that
        neither the acks of a burst nor a team being formed on the other workers (several
        Slack calls) hold it up past its trigger_id's 3 s."""
        if modal:
            self.modals.submit(work).add_done_callback(_log_failure)
            return
        # The yield is counted from the submission, not from when a worker takes the work:
        # under sustained load a backlog runs at full speed instead of each piece yielding
        # anew.
        deadline = time.monotonic() + YIELD_AT_MOST
        self.executor.submit(self._run, work, deadline).add_done_callback(_log_failure)

    def _run(self, work: Callable[[], None], deadline: float) -> None:
        self.acks.wait_quiet(deadline)
        work()

    def shutdown(self) -> None:
        """Finish the work already handed over (at exit: posts for rows already stored)."""
        self.modals.shutdown(wait=True)
        self.executor.shutdown(wait=True)


def _log_failure(done: Future[None]) -> None:
    """Work hands its errors to the person itself; what escapes that is logged, not lost."""
    error = None if done.cancelled() else done.exception()
    if error is not None:
        log.error("work after an ack failed", exc_info=error)
