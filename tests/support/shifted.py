"""Where the test command's shifted-clock runs move the process clock (with
`tests/support/time_travel.py`), so that a test that names a calendar date, or reads the
real date where it should read the test clock, fails there."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.support.time_travel import ENV

# Just before a daylight-saving change, so the run's epoch is on one side of it and the
# dates its fixtures compute ("the next Monday at 09:00 in Berlin") on the other.
BEFORE_THE_CHANGE = timedelta(seconds=90)
PLUGIN = {"PYTEST_PLUGINS": "tests.support.time_travel"}


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


def a_year_ahead() -> dict[str, str]:
    """The environment of a run with the process clock 365 days ahead."""
    return {**PLUGIN, ENV: "+365d"}


def on_a_daylight_saving_weekend(now: datetime) -> dict[str, str]:
    """The environment of a run from just before the next EU clock change (ticking on)."""
    start = next_eu_clock_change(now) - BEFORE_THE_CHANGE
    return {**PLUGIN, ENV: start.isoformat()}
