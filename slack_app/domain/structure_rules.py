"""What people type for each part of the structure, and the rules it must meet.

Each ``check_*`` returns field → message for every rule broken (nothing is stored then);
the field names are the modal's block ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slack_app.domain.people import Person
from slack_app.domain.structure import (
    RESPONSIBILITY_LIMIT,
    ROLE_WORDS,
    SOURCE_LIMIT,
    TITLE_LIMIT,
    FundingStatus,
    MilestoneStatus,
    PilotDates,
    RoleKind,
    currency_problem,
    parse_amount,
    person_problem,
    text_problem,
)

ROLE_NAME_LIMIT = 50


@dataclass(frozen=True, slots=True)
class MilestoneDraft:
    title: str
    due: date | None
    owner_id: str | None
    status: MilestoneStatus
    outside_ok: bool = False


@dataclass(frozen=True, slots=True)
class DeliverableDraft:
    title: str
    milestone_id: int | None
    owner_id: str | None
    due: date | None
    done: bool
    outside_ok: bool = False


@dataclass(frozen=True, slots=True)
class RoleDraft:
    user_id: str | None
    kind: RoleKind | None
    custom_name: str
    responsibility: str
    can_edit: bool

    @property
    def name(self) -> str:
        if self.kind is RoleKind.CUSTOM:
            return self.custom_name.strip()
        return ROLE_WORDS[self.kind] if self.kind else ""


@dataclass(frozen=True, slots=True)
class FundingDraft:
    source: str
    amount: str  # as typed: parsed by the rules
    currency: str
    status: FundingStatus | None
    committed_by: str | None

    @property
    def value(self) -> Decimal | None:
        return parse_amount(self.amount)[0]


@dataclass(frozen=True, slots=True)
class ApprovalDraft:
    what: str
    approver_id: str | None
    due: date | None
    outside_ok: bool = False


Draft = MilestoneDraft | DeliverableDraft | RoleDraft | FundingDraft | ApprovalDraft
Errors = dict[str, str]


def _add(errors: Errors, field: str, problem: str | None) -> None:
    if problem is not None:
        errors[field] = problem


def check_milestone(draft: MilestoneDraft, dates: PilotDates, owner: Person | None) -> Errors:
    errors: Errors = {}
    _add(errors, "title", text_problem(draft.title, TITLE_LIMIT, blank="Give it a title."))
    _add(errors, "due", dates.problem(draft.due, allowed_outside=draft.outside_ok))
    _add(errors, "owner", person_problem(draft.owner_id, owner, what="the owner"))
    return errors


def check_deliverable(
    draft: DeliverableDraft, dates: PilotDates, owner: Person | None, *, milestone_known: bool
) -> Errors:
    """``milestone_known``: the milestone is one of this pilot's (not another's, not gone)."""
    errors: Errors = {}
    _add(errors, "title", text_problem(draft.title, TITLE_LIMIT, blank="Give it a title."))
    if draft.milestone_id is None:
        errors["milestone"] = "Pick the milestone it belongs to."
    elif not milestone_known:
        errors["milestone"] = "That milestone is not one of this pilot's."
    _add(errors, "owner", person_problem(draft.owner_id, owner, what="the owner"))
    _add(errors, "due", dates.problem(draft.due, allowed_outside=draft.outside_ok))
    return errors


def check_role(draft: RoleDraft, person: Person | None, *, may_grant: bool) -> Errors:
    """``may_grant``: the actor is the lead (only the lead hands out the editing right)."""
    errors: Errors = {}
    _add(errors, "person", person_problem(draft.user_id, person, what="the person"))
    if draft.kind is None:
        errors["role"] = "Pick the role."
    elif draft.kind is RoleKind.CUSTOM:
        blank = "Name the role."
        _add(errors, "custom_name", text_problem(draft.custom_name, ROLE_NAME_LIMIT, blank=blank))
    blank = "Say what they are responsible for."
    _add(
        errors,
        "responsibility",
        text_problem(draft.responsibility, RESPONSIBILITY_LIMIT, blank=blank),
    )
    if draft.can_edit and not may_grant:
        errors["can_edit"] = "Only the lead can give the right to edit the structure."
    return errors


def check_funding(draft: FundingDraft, committer: Person | None) -> Errors:
    errors: Errors = {}
    blank = "Say where the money comes from."
    _add(errors, "source", text_problem(draft.source, SOURCE_LIMIT, blank=blank))
    _add(errors, "amount", parse_amount(draft.amount)[1])
    _add(errors, "currency", currency_problem(draft.currency))
    if draft.status is None:
        errors["status"] = "Pick where it stands: requested, committed or received."
    if draft.committed_by is not None:
        _add(errors, "committed_by", person_problem(draft.committed_by, committer, what="them"))
    elif draft.status in (FundingStatus.COMMITTED, FundingStatus.RECEIVED):
        errors["committed_by"] = "Say who committed it."
    return errors


def check_approval(draft: ApprovalDraft, dates: PilotDates, approver: Person | None) -> Errors:
    errors: Errors = {}
    blank = "Say what needs approving."
    _add(errors, "what", text_problem(draft.what, TITLE_LIMIT, blank=blank))
    _add(errors, "approver", person_problem(draft.approver_id, approver, what="the approver"))
    _add(errors, "due", dates.problem(draft.due, allowed_outside=draft.outside_ok))
    return errors
