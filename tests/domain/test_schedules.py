"""Check-in schedules: local time in an IANA zone, through daylight saving, every cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slack_app.domain.schedules import (
    Cadence,
    Schedule,
    is_stale,
    local_instant,
    next_working_day_start,
    reminder_at,
    zone_of,
)
from tests.support.clock import EPOCH, next_local

NEW_YORK, BERLIN = "America/New_York", "Europe/Berlin"
# The tests below with calendar dates are calendar tests (weekdays, working days, daylight
# saving, month ends): they pin the instant they start from and the local times they must give.
YEARS = timedelta(days=4 * 365)


def series(schedule: Schedule, start: datetime, count: int) -> list[datetime]:
    found, at = [], start
    for _ in range(count):
        at = schedule.next_after(at)
        found.append(at)
    return found


def local(instants: list[datetime], zone: str) -> list[str]:
    return [i.astimezone(zone_of(zone)).strftime("%a %d %b %H:%M") for i in instants]


def test_weekly_mondays_at_nine_across_a_month() -> None:
    weekly = Schedule(Cadence.WEEKLY, weekday=0, zone=BERLIN)
    dues = series(weekly, datetime(2026, 11, 25, 10, tzinfo=UTC), 5)
    assert local(dues, BERLIN) == [
        "Mon 30 Nov 09:00",
        "Mon 07 Dec 09:00",
        "Mon 14 Dec 09:00",
        "Mon 21 Dec 09:00",
        "Mon 28 Dec 09:00",
    ]


def test_new_york_keeps_nine_oclock_when_the_clocks_go_forward_in_march() -> None:
    weekly = Schedule(Cadence.WEEKLY, weekday=0, zone=NEW_YORK)
    dues = series(weekly, datetime(2027, 3, 1, 15, tzinfo=UTC), 3)
    assert local(dues, NEW_YORK) == ["Mon 08 Mar 09:00", "Mon 15 Mar 09:00", "Mon 22 Mar 09:00"]
    assert [d.hour for d in dues] == [14, 13, 13]  # the UTC instant moves, the wall clock not


def test_berlin_keeps_nine_oclock_when_the_clocks_go_back_in_october() -> None:
    weekly = Schedule(Cadence.WEEKLY, weekday=0, zone=BERLIN)
    dues = series(weekly, datetime(2027, 10, 19, tzinfo=UTC), 3)
    assert local(dues, BERLIN) == ["Mon 25 Oct 09:00", "Mon 01 Nov 09:00", "Mon 08 Nov 09:00"]
    assert [d.hour for d in dues] == [7, 8, 8]


def test_a_time_skipped_in_spring_moves_on_by_the_gap_and_a_repeated_one_is_the_first() -> None:
    skipped = local_instant(date(2027, 3, 14), time(2, 30), zone_of(NEW_YORK))
    assert skipped.astimezone(zone_of(NEW_YORK)).strftime("%H:%M") == "03:30"
    repeated = local_instant(date(2027, 10, 31), time(2, 30), zone_of(BERLIN))
    assert repeated == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 summer time


def test_daily_is_every_working_day() -> None:
    daily = Schedule(Cadence.DAILY, zone=BERLIN)
    dues = series(daily, datetime(2026, 11, 26, 10, tzinfo=UTC), 4)  # from Thursday
    assert local(dues, BERLIN) == [
        "Fri 27 Nov 09:00",
        "Mon 30 Nov 09:00",
        "Tue 01 Dec 09:00",
        "Wed 02 Dec 09:00",
    ]


def test_every_two_weeks_from_the_anchor_week() -> None:
    biweekly = Schedule(Cadence.BIWEEKLY, weekday=2, zone=BERLIN, anchor=date(2026, 11, 30))
    dues = series(biweekly, datetime(2026, 11, 25, 10, tzinfo=UTC), 3)
    assert local(dues, BERLIN) == ["Wed 02 Dec 09:00", "Wed 16 Dec 09:00", "Wed 30 Dec 09:00"]


def test_monthly_is_the_first_chosen_weekday() -> None:
    monthly = Schedule(Cadence.MONTHLY, weekday=0, zone=BERLIN)
    dues = series(monthly, datetime(2026, 11, 25, 10, tzinfo=UTC), 3)
    assert local(dues, BERLIN) == ["Mon 07 Dec 09:00", "Mon 04 Jan 09:00", "Mon 01 Feb 09:00"]


def test_the_next_is_strictly_after_and_an_unknown_zone_is_utc() -> None:
    weekly = Schedule(Cadence.WEEKLY, weekday=0, zone="Mars/Olympus")
    monday_nine = next_local(EPOCH, 0, time(9), "UTC")
    assert weekly.next_after(monday_nine - timedelta(seconds=1)) == monday_nine
    assert weekly.next_after(monday_nine) == monday_nine + timedelta(days=7)


@given(
    cadence=st.sampled_from(list(Cadence)),
    weekday=st.integers(0, 6),
    zone=st.sampled_from([NEW_YORK, BERLIN, "Asia/Tokyo", "Australia/Sydney", "UTC"]),
    # Any instant within a few years of the epoch: a property of the rule, not of a date.
    # Hypothesis takes naive bounds and makes aware values with `timezones`.
    start=st.datetimes(
        min_value=(EPOCH - YEARS).replace(tzinfo=None),
        max_value=(EPOCH + YEARS).replace(tzinfo=None),
        timezones=st.just(UTC),
    ),
)
def test_dues_always_fall_on_the_local_time_or_just_after_a_gap(
    cadence: Cadence, weekday: int, zone: str, start: datetime
) -> None:
    schedule = Schedule(cadence, weekday=weekday, zone=zone)
    due = schedule.next_after(start)
    wall = due.astimezone(zone_of(zone))
    assert due > start
    assert (wall.hour, wall.minute) in ((9, 0), (10, 0))  # 10:00 only in a gap at 09:00
    if cadence is Cadence.DAILY:
        assert wall.weekday() < 5
    else:
        assert wall.weekday() == weekday


def test_stale_after_twelve_hours() -> None:
    due = EPOCH
    assert not is_stale(due, due + timedelta(hours=12))
    assert is_stale(due, due + timedelta(hours=12, seconds=1))


@pytest.mark.parametrize(
    ("due", "next_start"),
    [
        (datetime(2026, 11, 30, 8, tzinfo=UTC), datetime(2026, 12, 1, 8, tzinfo=UTC)),  # Mon
        (datetime(2026, 12, 4, 8, tzinfo=UTC), datetime(2026, 12, 7, 8, tzinfo=UTC)),  # Fri
    ],
)
def test_the_reminder_is_four_hours_before_the_next_working_day(
    due: datetime, next_start: datetime
) -> None:
    weekly = Schedule(Cadence.WEEKLY, zone=BERLIN)
    assert next_working_day_start(due, weekly) == next_start
    assert reminder_at(due, weekly) == next_start - timedelta(hours=4)
