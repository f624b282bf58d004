"""A pilot's life (F4): proposed to a sponsor, decided, run, concluded.

"Using the language of 'pilot' allows you to test a concept and gather valuable
information, while shielding you from scrutiny in the trial-and-error phase." The states and
the moves between them are the whole of the rules; anything else is refused with a
sentence the person can act on.

    draft ──submit──▶ proposed ──approve──▶ approved ──start──▶ running ──conclude──▶ concluded
      │                 │  ├──request_changes──▶ changes_requested ──resubmit──▶ proposed
      │                 │  └──decline──▶ declined
      └──withdraw──▶ withdrawn ◀──withdraw──┘
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from slack_app.domain.errors import DomainError
from slack_app.domain.people import Person


class PilotState(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    DECLINED = "declined"
    RUNNING = "running"
    CONCLUDED = "concluded"
    WITHDRAWN = "withdrawn"


class Move(StrEnum):
    """What someone does to a pilot (or the clock does, for ``start`` at the start date)."""

    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"
    RESUBMIT = "resubmit"
    START = "start"
    CONCLUDE = "conclude"
    WITHDRAW = "withdraw"


S, M = PilotState, Move
MOVES: dict[tuple[PilotState, Move], PilotState] = {
    (S.DRAFT, M.SUBMIT): S.PROPOSED,
    (S.DRAFT, M.WITHDRAW): S.WITHDRAWN,
    (S.PROPOSED, M.APPROVE): S.APPROVED,
    (S.PROPOSED, M.REQUEST_CHANGES): S.CHANGES_REQUESTED,
    (S.PROPOSED, M.DECLINE): S.DECLINED,
    (S.PROPOSED, M.WITHDRAW): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, M.RESUBMIT): S.PROPOSED,
    (S.APPROVED, M.START): S.RUNNING,
    (S.RUNNING, M.CONCLUDE): S.CONCLUDED,
}

# How a state reads in a sentence ("This pilot is …").
STATE_WORDS = {
    S.DRAFT: "a draft",
    S.PROPOSED: "waiting for the sponsor's decision",
    S.APPROVED: "approved",
    S.CHANGES_REQUESTED: "waiting for the changes the sponsor asked for",
    S.DECLINED: "declined",
    S.RUNNING: "running",
    S.CONCLUDED: "concluded",
    S.WITHDRAWN: "withdrawn",
}
MOVE_WORDS = {
    M.SUBMIT: "submit it",
    M.APPROVE: "approve it",
    M.REQUEST_CHANGES: "ask for changes",
    M.DECLINE: "decline it",
    M.RESUBMIT: "resubmit it",
    M.START: "start it",
    M.CONCLUDE: "conclude it",
    M.WITHDRAW: "withdraw it",
}
FINAL = frozenset({S.DECLINED, S.CONCLUDED, S.WITHDRAWN})
# The proposer may still change what the sponsor is asked (a new version each time).
EDITABLE = frozenset({S.DRAFT, S.PROPOSED, S.CHANGES_REQUESTED})


class IllegalMove(DomainError):
    """A move the pilot's state does not allow; the message says why and what is possible."""

    def __init__(self, state: PilotState, move: Move) -> None:
        self.state, self.move = state, move
        possible = [MOVE_WORDS[m] for (s, m) in MOVES if s is state]
        then = f" You can {_either(possible)}." if possible else " Nothing more can happen to it."
        super().__init__(
            f"This pilot is {STATE_WORDS[state]}, so you can't {MOVE_WORDS[move]}.{then}"
        )


def _either(options: list[str]) -> str:
    """One option, "a or b", or "a, b or c"."""
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"


def next_state(state: PilotState, move: Move) -> PilotState:
    """The state after ``move``; IllegalMove when the state does not allow it."""
    try:
        return MOVES[(state, move)]
    except KeyError:
        raise IllegalMove(state, move) from None


def allowed_moves(state: PilotState) -> list[Move]:
    """The moves the state allows, in the order of the Move enum."""
    return [move for move in Move if (state, move) in MOVES]


class ProposalField(StrEnum):
    """The parts of a pilot proposal, named once for the modal, the rules and the errors."""

    CONCEPT = "concept"  # the concept to test (hypothesis)
    SCOPE = "scope"
    START = "start"
    END = "end"
    LEARNING = "learning"  # what the pilot will learn (success criteria)
    RESOURCES = "resources"  # resources and funding needed
    SPONSOR = "sponsor"


PROPOSAL_LIMITS = {
    ProposalField.CONCEPT: 1000,
    ProposalField.SCOPE: 1000,
    ProposalField.LEARNING: 1000,
    ProposalField.RESOURCES: 1000,
}
REQUIRED_TEXT = {
    ProposalField.CONCEPT: "Say which concept the pilot tests.",
    ProposalField.SCOPE: "Say what is in the pilot's scope.",
    ProposalField.LEARNING: "Say what the pilot will learn: how you'll know it worked.",
}


SPONSOR_IS_SOMEONE_ELSE = "The sponsor is someone else: the boss whose buy-in you need."


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """What the proposer typed, not yet checked (resources may be left empty)."""

    concept: str
    scope: str
    start: date | None
    end: date | None
    learning: str
    resources: str
    sponsor_id: str | None

    def text(self, field: ProposalField) -> str:
        return str(getattr(self, field.value)).strip()


def validate_draft(
    draft: ProposalDraft, *, proposer_id: str, sponsor: Person | None
) -> dict[ProposalField, str]:
    """The rules a draft must meet to be kept: something to call it, and nothing that could
    never become a proposal. The rest waits until it is sent."""
    errors: dict[ProposalField, str] = {}
    if not draft.text(ProposalField.CONCEPT):
        errors[ProposalField.CONCEPT] = REQUIRED_TEXT[ProposalField.CONCEPT]
    for field, limit in PROPOSAL_LIMITS.items():
        if field not in errors and len(draft.text(field)) > limit:
            errors[field] = f"Keep this to {limit} characters (it is {len(draft.text(field))})."
    if draft.start is not None and draft.end is not None and draft.end <= draft.start:
        errors[ProposalField.END] = "The end must come after the start."
    if draft.sponsor_id is not None:
        problem = _sponsor_problem(draft.sponsor_id, proposer_id, sponsor)
        if problem is not None:
            errors[ProposalField.SPONSOR] = problem
    return errors


def validate_proposal(
    draft: ProposalDraft, *, proposer_id: str, today: date, sponsor: Person | None
) -> dict[ProposalField, str]:
    """Every rule a proposal must meet before it goes to a sponsor, as field → message.

    ``sponsor`` is the named sponsor as Slack knows them (None when unknown). ``today`` is
    the proposer's own date.
    """
    errors: dict[ProposalField, str] = {}
    for field, blank in REQUIRED_TEXT.items():
        if not draft.text(field):
            errors[field] = blank
    for field, limit in PROPOSAL_LIMITS.items():
        if field not in errors and len(draft.text(field)) > limit:
            errors[field] = f"Keep this to {limit} characters (it is {len(draft.text(field))})."
    if draft.start is None:
        errors[ProposalField.START] = "Pick the day the pilot starts."
    elif draft.start < today:
        errors[ProposalField.START] = "The start can't be in the past."
    if draft.end is None:
        errors[ProposalField.END] = "Pick the day the pilot ends."
    elif draft.start is not None and draft.end <= draft.start:
        errors[ProposalField.END] = "The end must come after the start."
    problem = _sponsor_problem(draft.sponsor_id, proposer_id, sponsor)
    if problem is not None:
        errors[ProposalField.SPONSOR] = problem
    return errors


def _sponsor_problem(user_id: str | None, proposer_id: str, person: Person | None) -> str | None:
    if user_id is None:
        return "Name the sponsor whose buy-in the pilot needs."
    if user_id == proposer_id:
        return SPONSOR_IS_SOMEONE_ELSE
    if person is None or person.user_id != user_id:
        return "I can't find that person in this workspace."
    if person.is_bot:
        return "A bot cannot sponsor a pilot: name a person."
    if person.deleted:
        return "That account is deactivated: name someone who is still here."
    return None


@dataclass(frozen=True, slots=True)
class Pilot:
    """A stand's pilot: the proposal as it stands now, and where it is in its life."""

    id: int
    stand_id: int
    proposer_id: str
    proposal: ProposalDraft
    shielded: bool
    state: PilotState
    version: int  # grows with every edit: a sponsor decides the version they were shown
    created_at: datetime
    zone: str = "UTC"  # the proposer's time zone: the start date is a day on their calendar
    dm_channel_id: str | None = None
    dm_ts: str | None = None
    header_channel_id: str | None = None
    header_ts: str | None = None
    charter_channel_id: str | None = None
    charter_ts: str | None = None

    @property
    def sponsor_id(self) -> str | None:
        return self.proposal.sponsor_id

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def open(self) -> bool:
        return self.state not in FINAL

    @property
    def title(self) -> str:
        return self.proposal.text(ProposalField.CONCEPT)


def start_is_due(pilot: Pilot, today: date) -> bool:
    """An approved pilot starts by itself on its start date (the proposer's calendar)."""
    start = pilot.proposal.start
    return pilot.state is PilotState.APPROVED and start is not None and start <= today
