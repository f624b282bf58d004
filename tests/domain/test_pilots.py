"""The pilot state machine: every legal move, and every illegal one refused clearly."""

from __future__ import annotations

import itertools

import pytest

from slack_app.domain.errors import DomainError
from slack_app.domain.pilots import (
    FINAL,
    MOVES,
    IllegalMove,
    Move,
    PilotState,
    allowed_moves,
    next_state,
)

S, M = PilotState, Move
LEGAL = [
    (S.DRAFT, M.SUBMIT, S.PROPOSED),
    (S.DRAFT, M.WITHDRAW, S.WITHDRAWN),
    (S.PROPOSED, M.APPROVE, S.APPROVED),
    (S.PROPOSED, M.REQUEST_CHANGES, S.CHANGES_REQUESTED),
    (S.PROPOSED, M.DECLINE, S.DECLINED),
    (S.PROPOSED, M.WITHDRAW, S.WITHDRAWN),
    (S.CHANGES_REQUESTED, M.RESUBMIT, S.PROPOSED),
    (S.APPROVED, M.START, S.RUNNING),
    (S.RUNNING, M.CONCLUDE, S.CONCLUDED),
]
ILLEGAL = [
    (state, move)
    for state, move in itertools.product(PilotState, Move)
    if (state, move) not in {(s, m) for s, m, _ in LEGAL}
]


@pytest.mark.parametrize(("state", "move", "after"), LEGAL)
def test_each_legal_move_leads_where_the_product_says(
    state: PilotState, move: Move, after: PilotState
) -> None:
    assert next_state(state, move) is after


@pytest.mark.parametrize(("state", "move"), ILLEGAL)
def test_each_illegal_move_is_refused_with_a_typed_domain_error(
    state: PilotState, move: Move
) -> None:
    with pytest.raises(IllegalMove) as refused:
        next_state(state, move)

    assert isinstance(refused.value, DomainError)
    assert (refused.value.state, refused.value.move) == (state, move)
    assert refused.value.message.startswith("This pilot is ")
    assert "you can't" in refused.value.message


def test_the_table_is_exactly_the_legal_moves() -> None:
    assert {(s, m): a for s, m, a in LEGAL} == MOVES
    assert len(LEGAL) + len(ILLEGAL) == len(PilotState) * len(Move)


def test_a_refusal_says_what_is_possible_instead() -> None:
    with pytest.raises(IllegalMove) as refused:
        next_state(S.PROPOSED, M.START)

    assert refused.value.message == (
        "This pilot is waiting for the sponsor's decision, so you can't start it. "
        "You can approve it, ask for changes, decline it or withdraw it."
    )


@pytest.mark.parametrize("state", sorted(FINAL))
def test_final_states_allow_nothing_and_say_so(state: PilotState) -> None:
    assert allowed_moves(state) == []
    with pytest.raises(IllegalMove) as refused:
        next_state(state, M.SUBMIT)
    assert refused.value.message.endswith("Nothing more can happen to it.")


def test_allowed_moves_follow_the_table() -> None:
    assert allowed_moves(S.DRAFT) == [M.SUBMIT, M.WITHDRAW]
    assert allowed_moves(S.CHANGES_REQUESTED) == [M.RESUBMIT]
    assert allowed_moves(S.RUNNING) == [M.CONCLUDE]


def test_every_state_but_the_final_ones_can_move_on() -> None:
    movable = {state for state in PilotState if allowed_moves(state)}
    assert movable == set(PilotState) - FINAL


def test_changes_requested_then_resubmitted_can_be_approved_and_run_to_the_end() -> None:
    state = S.DRAFT
    for move in (M.SUBMIT, M.REQUEST_CHANGES, M.RESUBMIT, M.APPROVE, M.START, M.CONCLUDE):
        state = next_state(state, move)
    assert state is S.CONCLUDED
