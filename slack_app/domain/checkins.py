"""A milestone check-in: due at an instant, posted once in the pilot channel (F6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from slack_app.domain.structure import Milestone, MilestoneStatus, Structure


class CheckinState(StrEnum):
    DUE = "due"
    POSTING = "posting"  # claimed by one process, which is posting it now
    POSTED = "posted"
    SKIPPED = "skipped"  # missed by more than the staleness: not posted late


@dataclass(frozen=True, slots=True)
class Checkin:
    id: int
    pilot_id: int
    due_at: datetime
    state: CheckinState
    claimed_at: datetime | None = None
    milestone_id: int | None = None
    channel_id: str | None = None
    ts: str | None = None
    posted_at: datetime | None = None
    remind_at: datetime | None = None
    reminded_at: datetime | None = None
    attempts: int = 1  # claims so far; after the first, the post may already be in Slack


def current_milestone(structure: Structure) -> Milestone | None:
    """The milestone a check-in is about: the earliest on the timeline not yet done."""
    return next((m for m in structure.timeline() if m.status is not MilestoneStatus.DONE), None)


def days_left(due: date, today: date) -> int:
    """Days until ``due`` (negative once it is overdue)."""
    return (due - today).days
