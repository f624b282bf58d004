"""The shifted-clock runs' pytest plugin: moves this process's clock with time-machine.

`STAND_TEST_SHIFT` says where to: `+365d` (that many days ahead) or an ISO-8601 instant;
from there the clock ticks on. Loaded through `PYTEST_PLUGINS`, which pytest reads before
any conftest and every xdist worker inherits, so the run's epoch is read from the moved
clock. time-machine moves what Python reads as the date and time (`time.time`,
`datetime.now`, …) in every thread; monotonic clocks and timed waits keep real time, which
is what a moved calendar, unlike a broken stopwatch, should mean. (Debian's libfaketime
moves the monotonic clock too, and Python's timed waits then never return.)
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import time_machine

ENV = "STAND_TEST_SHIFT"
_DAYS_AHEAD = re.compile(r"^\+(\d+)d$")


def destination(spec: str, now: datetime) -> datetime:
    """Where `spec` moves a clock that reads ``now``."""
    ahead = _DAYS_AHEAD.match(spec)
    if ahead:
        return now + timedelta(days=int(ahead.group(1)))
    moment = datetime.fromisoformat(spec)
    if moment.tzinfo is None:
        raise SystemExit(f"{ENV} must be +<days>d or an instant with its offset, not {spec!r}")
    return moment


_spec = os.environ.get(ENV)
if _spec:
    time_machine.travel(destination(_spec, datetime.now(UTC)), tick=True).start()
