"""The structure of accountability (F5): "setting milestones, assigning roles and
responsibilities and identifying deliverables, timelines, funding sources, and necessary
approvals". Each of the six is a value here; the rules for each live beside it.

Due dates outside the pilot's dates are allowed only when the person says so on purpose
(a box in the modal): a milestone after the end is often a real follow-up, but more often
a typo, so the app asks rather than guesses. The timeline then marks it with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pycountry

from slack_app.domain.people import Person

TITLE_LIMIT = 150
RESPONSIBILITY_LIMIT = 500
SOURCE_LIMIT = 150
MAX_AMOUNT = Decimal("999999999999.99")
# ISO 4217 codes in use (from pycountry's copy of the iso-codes data), looked up once.
# Not the codes for testing, "no currency", precious metals or accounting units.
NOT_MONEY = frozenset(
    {"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD"}
)
ISO_CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies) - NOT_MONEY


class Kind(StrEnum):
    """The six parts of the structure (the timeline is the milestones in date order)."""

    MILESTONE = "milestone"
    DELIVERABLE = "deliverable"
    ROLE = "role"
    FUNDING = "funding"
    APPROVAL = "approval"


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    DONE = "done"


MILESTONE_WORDS = {
    MilestoneStatus.NOT_STARTED: "not started",
    MilestoneStatus.ON_TRACK: "on track",
    MilestoneStatus.AT_RISK: "at risk",
    MilestoneStatus.BLOCKED: "blocked",
    MilestoneStatus.DONE: "done",
}


class RoleKind(StrEnum):
    LEAD = "lead"
    SPONSOR = "sponsor"
    FIRST_FOLLOWER = "first_follower"
    OWNER = "owner"
    MEMBER = "member"
    CUSTOM = "custom"


ROLE_WORDS = {
    RoleKind.LEAD: "Lead",
    RoleKind.SPONSOR: "Sponsor",
    RoleKind.FIRST_FOLLOWER: "First follower",
    RoleKind.OWNER: "Owner",
    RoleKind.MEMBER: "Member",
    RoleKind.CUSTOM: "Custom",
}


class FundingStatus(StrEnum):
    REQUESTED = "requested"
    COMMITTED = "committed"
    RECEIVED = "received"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Milestone:
    id: int
    pilot_id: int
    title: str
    due: date
    owner_id: str
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED


@dataclass(frozen=True, slots=True)
class Deliverable:
    id: int
    pilot_id: int
    milestone_id: int
    title: str
    owner_id: str
    due: date
    done: bool = False
    done_by: str | None = None
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Role:
    id: int
    pilot_id: int
    user_id: str
    kind: RoleKind
    name: str  # the role's name: the kind's word, or the custom name
    responsibility: str
    can_edit: bool = False  # the lead gave them the "can edit structure" right


@dataclass(frozen=True, slots=True)
class Funding:
    id: int
    pilot_id: int
    source: str
    amount: Decimal
    currency: str
    status: FundingStatus
    committed_by: str | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    id: int
    pilot_id: int
    what: str
    approver_id: str
    due: date
    status: ApprovalStatus = ApprovalStatus.PENDING
    version: int = 1


Item = Milestone | Deliverable | Role | Funding | Approval


# -- the rules ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PilotDates:
    """The pilot's start and end, when known, and whether the person allowed a date outside."""

    start: date | None
    end: date | None

    def problem(self, due: date | None, *, allowed_outside: bool) -> str | None:
        if due is None:
            return "Pick a due date."
        if allowed_outside:
            return None
        if self.start is not None and due < self.start:
            return (
                f"This is before the pilot starts ({_day(self.start)}). Pick a date within "
                "the pilot, or tick “outside the pilot's dates on purpose”."
            )
        if self.end is not None and due > self.end:
            return (
                f"This is after the pilot ends ({_day(self.end)}). Pick a date within the "
                "pilot, or tick “outside the pilot's dates on purpose”."
            )
        return None

    def outside(self, due: date) -> bool:
        return (self.start is not None and due < self.start) or (
            self.end is not None and due > self.end
        )


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def person_problem(user_id: str | None, person: Person | None, *, what: str) -> str | None:
    """Why ``user_id`` cannot be named as ``what`` ("the owner"), or None."""
    if user_id is None:
        return f"Pick {what}."
    if person is None or person.user_id != user_id:
        return "I can't find that person in this workspace."
    if person.is_bot:
        return f"A bot cannot be {what}: pick a person."
    if person.deleted:
        return "That account is deactivated: pick someone who is still here."
    return None


def text_problem(text: str, limit: int, *, blank: str | None) -> str | None:
    """Blank (when ``blank`` says it is required) or too long; None when fine."""
    clean = text.strip()
    if not clean:
        return blank
    if len(clean) > limit:
        return f"Keep this to {limit} characters (it is {len(clean)})."
    return None


def parse_amount(raw: str) -> tuple[Decimal | None, str | None]:
    """An amount as people type it ("12,500.50"), or why it is not one."""
    cleaned = raw.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return None, "Say how much."
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None, "Type the amount as a number, e.g. 12500 or 12500.50."
    if not amount.is_finite():
        return None, "Type the amount as a number, e.g. 12500 or 12500.50."
    if amount <= 0:
        return None, "The amount must be more than zero."
    if amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return None, "Use at most two decimals and less than a trillion."
    return amount, None


def currency_problem(code: str) -> str | None:
    """ISO 4217 codes only ("EUR", "USD"): what people type is upper-cased first."""
    clean = code.strip().upper()
    if not clean:
        return "Say which currency, as its ISO code (EUR, USD, GBP…)."
    if len(clean) != 3 or not clean.isalpha() or clean not in ISO_CURRENCIES:
        return f"“{code.strip()[:10]}” is not an ISO 4217 currency code (like EUR, USD or JPY)."
    return None


# -- who may change what --------------------------------------------------------------------
def can_edit_structure(actor_id: str, *, lead_id: str, roles: list[Role]) -> bool:
    """The lead, and the people the lead gave the "can edit structure" right."""
    return actor_id == lead_id or any(r.user_id == actor_id and r.can_edit for r in roles)


# -- the whole structure, as the charter shows it -------------------------------------------
@dataclass(frozen=True, slots=True)
class Structure:
    """A pilot's structure: its six parts, as stored now (removed items left out)."""

    milestones: list[Milestone]
    deliverables: list[Deliverable]
    roles: list[Role]
    funding: list[Funding]
    approvals: list[Approval]

    def timeline(self) -> list[Milestone]:
        """Milestones in date order (ties in the order they were added)."""
        return sorted(self.milestones, key=lambda m: (m.due, m.id))

    def deliverables_of(self, milestone_id: int) -> list[Deliverable]:
        found = [d for d in self.deliverables if d.milestone_id == milestone_id]
        return sorted(found, key=lambda d: (d.due, d.id))

    def totals(self) -> dict[str, dict[FundingStatus, Decimal]]:
        """Per currency: the total requested, committed and received.

        Committed counts what was received too (money received was committed first), and
        requested counts everything asked for, whatever has happened to it since.
        """
        totals: dict[str, dict[FundingStatus, Decimal]] = {}
        for source in self.funding:
            row = totals.setdefault(source.currency, {s: Decimal(0) for s in FundingStatus})
            row[FundingStatus.REQUESTED] += source.amount
            if source.status in (FundingStatus.COMMITTED, FundingStatus.RECEIVED):
                row[FundingStatus.COMMITTED] += source.amount
            if source.status is FundingStatus.RECEIVED:
                row[FundingStatus.RECEIVED] += source.amount
        return dict(sorted(totals.items()))

    @property
    def empty(self) -> bool:
        return not (
            self.milestones or self.deliverables or self.roles or self.funding or self.approvals
        )
