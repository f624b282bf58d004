"""Slack's trouble, as the fake plays it: failures a test queues for a method's next calls
(``FakeSlack.fail_next``), and rate limits: a method allowed so many calls a second answers
the next with HTTP 429, ``ratelimited`` and a Retry-After, as Slack does.

Slack's own limits are per method and workspace and allow short bursts; a test or a
benchmark sets the rate it wants to meet (``FakeSlack.limit``). Wall-clock time, not the
test clock: a limit is about how fast calls arrive.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    """An error answered instead of the call: with HTTP 429 and a Retry-After when
    ``retry_after`` is set, else with HTTP ``status`` (500 for Slack's own trouble)."""

    error: str
    retry_after: int | None = None
    status: int = 200


class Failures:
    """Failures queued per method, each answered to one call, in order."""

    def __init__(self) -> None:
        self._queued: dict[str, deque[Failure]] = {}
        self._lock = threading.Lock()

    def add(self, method: str, failure: Failure) -> None:
        with self._lock:
            self._queued.setdefault(method, deque()).append(failure)

    def next(self, method: str) -> Failure | None:
        with self._lock:
            queue = self._queued.get(method)
            return queue.popleft() if queue else None


class RateLimits:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic  # wall-clock seconds; a test of the limits hands its own
        self._per_second: dict[str, float] = {}
        self._recent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def limit(self, method: str, per_second: float) -> None:
        with self._lock:
            self._per_second[method] = per_second
            self._recent[method] = deque()

    def refused(self, method: str) -> int | None:
        """None when a call to ``method`` may go now (and counts it); else the seconds to
        wait, for Retry-After."""
        with self._lock:
            rate = self._per_second.get(method)
            if rate is None:
                return None
            now, recent = self._monotonic(), self._recent[method]
            while recent and now - recent[0] >= 1.0:
                recent.popleft()
            if len(recent) >= rate:
                return max(1, math.ceil(1.0 - (now - recent[0])))
            recent.append(now)
            return None

    def failure(self, method: str) -> Failure | None:
        """``ratelimited`` for a call to ``method`` beyond its rate; None when it may go."""
        wait = self.refused(method)
        return None if wait is None else Failure("ratelimited", wait)
