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

from enum import StrEnum

from slack_app.domain.errors import DomainError


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
