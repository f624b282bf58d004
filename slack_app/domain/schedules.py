"""When a running pilot's milestone check-ins fall due (F6).

A schedule is kept as a local time and an IANA zone, never as a UTC offset, so that 09:00
stays 09:00 across daylight-saving changes. A local time that does not exist on a day (the
hour skipped in spring) moves forward by the gap; one that happens twice (the hour repeated
in autumn) is the first of the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_app.domain.errors import BrokenInvariant

WORKDAYS = range(5)  # Monday to Friday
STALE_AFTER = timedelta(hours=12)


class Cadence(StrEnum):
    DAILY = "daily"  # every working day
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"  # every two weeks, counted from the schedule's anchor week
    MONTHLY = "monthly"  # the first chosen weekday of each month


CADENCE_WORDS = {
    Cadence.DAILY: "every working day",
    Cadence.WEEKLY: "every week",
    Cadence.BIWEEKLY: "every two weeks",
    Cadence.MONTHLY: "every month",
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``at`` on ``day`` in ``zone``, as an aware UTC instant.

    In a gap (spring forward) the wall clock reads later by the gap's length; in a fold
    (autumn back) the first occurrence counts.
    """
    # PEP 495: fold=0 takes the offset in force before a transition, which is exactly
    # "the first of two" in a fold and "later by the gap" in a gap.
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A pilot's check-in schedule (weekly on Monday at 09:00 in the lead's zone by default)."""

    cadence: Cadence = Cadence.WEEKLY
    weekday: int = 0  # Monday; ignored for daily
    at: time = time(9, 0)
    zone: str = "UTC"
    anchor: date = date(2026, 1, 5)  # a Monday: the first week of a two-weekly rhythm

    def _due_on(self, day: date) -> bool:
        if self.cadence is Cadence.DAILY:
            return day.weekday() in WORKDAYS
        if day.weekday() != self.weekday:
            return False
        if self.cadence is Cadence.WEEKLY:
            return True
        if self.cadence is Cadence.BIWEEKLY:
            anchor_week = self.anchor - timedelta(days=self.anchor.weekday())
            return ((day - anchor_week).days // 7) % 2 == 0
        return day.day <= 7  # monthly: the first such weekday of the month

    def next_after(self, instant: datetime) -> datetime:
        """The first due instant strictly after ``instant`` (an aware datetime)."""
        zone = zone_of(self.zone)
        day = instant.astimezone(zone).date()
        for offset in range(0, 70):  # a monthly cadence is due within six weeks
            candidate = day + timedelta(days=offset)
            if not self._due_on(candidate):
                continue
            due = local_instant(candidate, self.at, zone)
            if due > instant:
                return due
        raise BrokenInvariant(f"expected {self.describe()} to fall due within ten weeks")

    def describe(self) -> str:
        when = f"{self.at:%H:%M} ({self.zone})"
        if self.cadence is Cadence.DAILY:
            return f"every working day at {when}"
        day = WEEKDAYS[self.weekday]
        if self.cadence is Cadence.MONTHLY:
            return f"the first {day} of every month at {when}"
        return f"{CADENCE_WORDS[self.cadence]} on {day} at {when}"


def is_stale(due: datetime, now: datetime, *, after: timedelta = STALE_AFTER) -> bool:
    """A missed check-in older than this is skipped rather than posted late."""
    return now - due > after


def next_working_day_start(due: datetime, schedule: Schedule) -> datetime:
    """The schedule's local time on the working day after ``due``'s local day."""
    zone = zone_of(schedule.zone)
    day = due.astimezone(zone).date() + timedelta(days=1)
    while day.weekday() not in WORKDAYS:
        day += timedelta(days=1)
    return local_instant(day, schedule.at, zone)


REMINDER_LEAD = timedelta(hours=4)


def reminder_at(due: datetime, schedule: Schedule, *, lead: timedelta = REMINDER_LEAD) -> datetime:
    """When owners who have not answered get their one reminder: a set time (by default
    four hours) before the next working day starts."""
    return next_working_day_start(due, schedule) - lead


def read_time(raw: str | None) -> time | None:
    try:
        return time.fromisoformat(raw) if raw else None
    except ValueError:
        return None
