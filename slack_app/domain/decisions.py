"""The decision mechanism (F4, reused by F5's approvals and funding): one person decides a
subject, once, on the version they were shown.

A sponsor approves a pilot proposal; an approver decides a necessary approval; a funder
commits a funding source. The rules are the same for all, so they live here once: only
the named decider decides; a decision is made once; a decision on a version that has
changed since the request was sent is refused; asking for changes or declining needs a
note the other side can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from slack_app.domain.errors import AlreadyDone, DomainError, NotAllowed


class Verdict(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"


VERDICT_WORDS = {
    Verdict.APPROVE: "approved",
    Verdict.REQUEST_CHANGES: "asked for changes",
    Verdict.DECLINE: "declined",
}
NEEDS_NOTE = frozenset({Verdict.REQUEST_CHANGES, Verdict.DECLINE})
NOTE_LIMIT = 2000


class StaleRequest(DomainError):
    """The subject changed (or was withdrawn) after this request was sent."""


class NoteRequired(DomainError):
    """Asking for changes or declining without saying why."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A request for ``decider_id`` to decide version ``version`` of a subject."""

    id: int
    subject: str  # what is decided, e.g. "pilot"
    subject_id: int
    decider_id: str
    version: int
    requested_at: datetime
    verdict: Verdict | None = None
    note: str | None = None
    decided_at: datetime | None = None
    requester_id: str = ""  # who asked for the decision (told of it)
    dm_channel_id: str | None = None  # the request DM, updated in place once decided
    dm_ts: str | None = None
    remind_at: datetime | None = None
    reminded_at: datetime | None = None
    closed_at: datetime | None = None  # overtaken: the subject changed or was withdrawn

    @property
    def pending(self) -> bool:
        """Waiting for the decider: neither decided nor overtaken."""
        return self.verdict is None and self.closed_at is None


def decide(
    decision: Decision,
    *,
    actor_id: str,
    verdict: Verdict,
    note: str | None,
    current_version: int | None,
    now: datetime,
) -> Decision:
    """The decision as made; a typed refusal (and nothing decided) otherwise.

    ``current_version`` is the subject's version now, or None when it can no longer be
    decided at all (withdrawn, say).
    """
    ensure_decidable(decision, actor_id=actor_id, current_version=current_version)
    clean = (note or "").strip() or None
    if verdict in NEEDS_NOTE and clean is None:
        raise NoteRequired("Say what would need to change, or why not: a note is required.")
    if clean is not None and len(clean) > NOTE_LIMIT:
        raise NoteRequired(f"Keep the note to {NOTE_LIMIT} characters (it is {len(clean)}).")
    return replace(decision, verdict=verdict, note=clean, decided_at=now)


def ensure_decidable(decision: Decision, *, actor_id: str, current_version: int | None) -> None:
    """Refuse (typed) unless ``actor_id`` may decide ``decision`` now; checked again by
    ``decide``, and before a note modal opens so nobody writes a note in vain."""
    if actor_id != decision.decider_id:
        raise NotAllowed(f"Only <@{decision.decider_id}> can decide this.")
    if decision.verdict is not None:
        raise AlreadyDone(f"This was already {VERDICT_WORDS[decision.verdict]}.")
    if current_version is None:
        raise StaleRequest("This can no longer be decided: it was withdrawn or closed.")
    if current_version != decision.version or decision.closed_at is not None:
        raise StaleRequest(
            "This changed after you were asked, so this version can no longer be decided. "
            "If it is still yours to decide, the latest version is in a newer message."
        )


WORKING_DAYS = 3
WORKDAY_START = time(9, 0)


def add_working_days(day: date, days: int) -> date:
    """``day`` plus ``days`` working days (Monday to Friday)."""
    current = day
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def reminder_due(requested_at: datetime, zone: str) -> datetime:
    """When an undecided request earns its one polite reminder: the start of the decider's
    working day, three working days after the request, in their own time zone."""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    local = requested_at.astimezone(tz)
    due_day = add_working_days(local.date(), WORKING_DAYS)
    return datetime.combine(due_day, WORKDAY_START, tzinfo=tz)
