"""The test command's shifted-clock runs: the process clock moved with Debian's faketime
(libfaketime, preloaded into Python and every process it starts), so a test that names a
calendar date, or reads the real date where it should read the test clock, fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

# Two steps before a daylight-saving change, so the run's epoch is on one side of it and
# the dates its fixtures compute ("the next Monday at 09:00 in Berlin") on the other.
BEFORE_THE_CHANGE = timedelta(seconds=90)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_eu_clock_change(after: datetime) -> datetime:
    """The next change of the EU's clocks (01:00 UTC on the last Sunday of March or
    October) after ``after``."""
    changes = (
        datetime.combine(_last_sunday(year, month), datetime.min.time(), UTC) + timedelta(hours=1)
        for year in (after.year, after.year + 1)
        for month in (3, 10)
    )
    return min(change for change in changes if change > after)


def faketime() -> str:
    """Debian's faketime, installed first where missing and we may (root with apt-get)."""
    found = shutil.which("faketime")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("=== installing Debian's faketime for the shifted-clock runs", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "faketime"], check=True, env=env)
        found = shutil.which("faketime")
    if not found:
        raise SystemExit(
            "The shifted-clock runs need Debian's faketime: apt-get install faketime "
            "(the test command installs it itself when run as root)."
        )
    return found


def a_year_ahead() -> list[str]:
    """A command prefix that runs with the process clock 365 days ahead."""
    return [faketime(), "-f", "+365d"]


def on_a_daylight_saving_weekend(now: datetime) -> list[str]:
    """A command prefix that runs from just before the next EU clock change (ticking on)."""
    start = next_eu_clock_change(now) - BEFORE_THE_CHANGE
    return [faketime(), start.strftime("%Y-%m-%d %H:%M:%S UTC")]
