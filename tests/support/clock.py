"""The one test clock: every date and instant a test uses comes from here.

A run starts at its epoch: the process clock when the run began, to the second (so moved
in the test command's shifted runs), or ``STAND_TEST_CLOCK`` (ISO 8601) when
set, to replay a run of another day. Each test's `Clock` stands still at the epoch until
the test moves it; the app's `now`, the fake Slack's message timestamps, the times in
signed payloads and `tick --at` all read that clock. Fixtures name dates relative to the
epoch ("in six days", "the next Monday at 09:00 in Berlin"), never calendar dates, except
in tests of calendar rules, which pin both the clock and what they expect.

The process clock is read in one other place, `transport_time`: the signature timestamp
of a request, which Bolt checks against the process clock, as Slack's would be.
"""

from __future__ import annotations

import os
import threading
import time as _process_time
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ENV = "STAND_TEST_CLOCK"


def _epoch() -> datetime:
    given = os.environ.get(ENV)
    if given:
        moment = datetime.fromisoformat(given)
        if moment.tzinfo is None:
            raise SystemExit(f"{ENV} must name its offset, e.g. 2027-03-28T00:58:30+00:00")
        return moment.astimezone(UTC)
    return datetime.fromtimestamp(int(_process_time.time()), UTC)


EPOCH = _epoch()


def transport_time() -> int:
    """The process clock, for the signature timestamp only (see the module's docstring)."""
    return int(_process_time.time())


class Clock:
    """Stands still at ``start`` (the run's epoch) until a test moves it."""

    def __init__(self, start: datetime = EPOCH) -> None:
        self.current = start
        self._last_ts = 0  # µs: Slack's timestamps on this clock, strictly increasing
        self._ts_lock = threading.Lock()

    def now(self) -> datetime:
        return self.current

    def slack_ts(self) -> str:
        """The next Slack timestamp ('1732520000.000100'): the clock's time, a microsecond
        on from the last one while the clock stands still. Messages the fake Slack posts,
        events and button presses all draw from this one sequence, as in Slack, so a reply
        never shares its parent's ts and a press after an event is never older than it."""
        with self._ts_lock:
            now = int(self.current.timestamp() * 1_000_000)
            self._last_ts = max(self._last_ts + 1, now)
            value = self._last_ts
        return f"{value // 1_000_000}.{value % 1_000_000:06d}"

    def advance(self, delta: timedelta) -> None:
        self.current += delta

    def today(self, zone: str = "UTC") -> date:
        return local_date(self.current, zone)


_running = Clock()


def start_test_clock() -> Clock:
    """A new clock at the epoch for the test about to run (the `clock` fixture's)."""
    global _running  # noqa: PLW0603 - one test runs at a time in a process
    _running = Clock()
    return _running


def running() -> Clock:
    """The running test's clock, for helpers that are handed no fixture (event timestamps)."""
    return _running


# -- dates relative to the epoch --------------------------------------------------------------
def days_from_epoch(days: int) -> date:
    """The epoch's date (UTC) moved by ``days``."""
    return EPOCH.date() + timedelta(days=days)


def local_date(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def at_local(day: date, at: time, zone: str) -> datetime:
    """``at`` on ``day`` in ``zone``, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def next_local(after: datetime, weekday: int, at: time, zone: str) -> datetime:
    """The first ``weekday`` (0 = Monday) at ``at`` in ``zone`` strictly after ``after``."""
    day = local_date(after, zone)
    while True:
        moment = at_local(day, at, zone)
        if day.weekday() == weekday and moment > after:
            return moment
        day += timedelta(days=1)


def in_words(day: date) -> str:
    """A calendar date as the app writes it in messages ("Wed 31 Mar 2027")."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def working_days_after(day: date, count: int) -> date:
    """The ``count``-th working day (Monday to Friday) after ``day``."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day
