"""Where the test command's shifted-clock runs move the process clock (with
`tests/support/time_travel.py`) and the test clock's epoch.

Each run moves both, to different days: the epoch far from today, so a fixture that names
a calendar date fails; the process clock far from the epoch, so a test (or the app) that
reads the real date where it should read the test clock fails. Between them, one epoch is
a year ahead and one just before a daylight-saving change, and so is the process clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.support.clock import ENV as CLOCK
from tests.support.time_travel import ENV as SHIFT

# Just before a daylight-saving change, so the run's epoch is on one side of it and the
# dates its fixtures compute ("the next Monday at 09:00 in Berlin") on the other.
BEFORE_THE_CHANGE = timedelta(seconds=90)
PLUGIN = "tests.support.time_travel"
A_YEAR = timedelta(days=365)


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


def _on_the_weekend(now: datetime) -> datetime:
    return next_eu_clock_change(now) - BEFORE_THE_CHANGE


def with_plugin(env: dict[str, str]) -> str:
    """PYTEST_PLUGINS with the time-travel plugin added to whatever it already names."""
    given = [name for name in env.get("PYTEST_PLUGINS", "").split(",") if name]
    return ",".join([*given, PLUGIN])


def a_year_ahead(env: dict[str, str], now: datetime) -> dict[str, str]:
    """The process clock 365 days ahead; the epoch just before the next clock change."""
    return {
        **env,
        "PYTEST_PLUGINS": with_plugin(env),
        SHIFT: "+365d",
        CLOCK: _on_the_weekend(now).isoformat(),
    }


def on_a_daylight_saving_weekend(env: dict[str, str], now: datetime) -> dict[str, str]:
    """The process clock from just before the next EU clock change; the epoch a year on."""
    return {
        **env,
        "PYTEST_PLUGINS": with_plugin(env),
        SHIFT: _on_the_weekend(now).isoformat(),
        CLOCK: (now + A_YEAR).replace(microsecond=0).isoformat(),
    }
