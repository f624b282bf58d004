"""Slack's rate limits, as the fake plays them: a method allowed so many calls a second
answers the next with HTTP 429, ``ratelimited`` and a Retry-After, as Slack does.

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
