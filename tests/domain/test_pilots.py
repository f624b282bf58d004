"""The pilot state machine: every legal move, and every illegal one refused clearly."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from slack_app.domain.errors import DomainError
from slack_app.domain.people import Person
from slack_app.domain.pilots import (
    FINAL,
    MOVES,
    PROPOSAL_LIMITS,
    IllegalMove,
    Move,
    Pilot,
    PilotState,
    ProposalDraft,
    ProposalField,
    allowed_moves,
    next_state,
    start_is_due,
    validate_draft,
    validate_proposal,
)
from tests.support.clock import EPOCH

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


# --- the proposal's rules -----------------------------------------------------------------
TODAY = EPOCH.date()
START = TODAY + timedelta(days=6)
END = START + timedelta(days=89)
BOSS = Person("U0BOSS0001", name="Boss")


def proposal(**changes: object) -> ProposalDraft:
    values: dict[str, object] = {
        "concept": "Nightly releases cut the lead time to a day.",
        "scope": "The billing service, for one quarter.",
        "start": START,
        "end": END,
        "learning": "Lead time under a day for 8 weeks running.",
        "resources": "",
        "sponsor_id": BOSS.user_id,
    }
    values.update(changes)
    return ProposalDraft(**values)  # type: ignore[arg-type]


def check(draft: ProposalDraft, sponsor: Person | None = BOSS) -> dict[ProposalField, str]:
    return validate_proposal(draft, proposer_id="U0ALICE001", today=TODAY, sponsor=sponsor)


def test_a_complete_proposal_passes_and_resources_may_be_empty() -> None:
    assert check(proposal()) == {}


@pytest.mark.parametrize(
    "field", [ProposalField.CONCEPT, ProposalField.SCOPE, ProposalField.LEARNING]
)
def test_required_texts_must_have_words(field: ProposalField) -> None:
    assert list(check(proposal(**{field.value: "  \n "}))) == [field]


@pytest.mark.parametrize("field", list(PROPOSAL_LIMITS))
def test_texts_are_within_their_limits(field: ProposalField) -> None:
    limit = PROPOSAL_LIMITS[field]
    assert check(proposal(**{field.value: "a" * limit})) == {}
    assert str(limit) in check(proposal(**{field.value: "a" * (limit + 1)}))[field]


def days(n: int | None, after: date = TODAY) -> date | None:
    return None if n is None else after + timedelta(days=n)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [  # the start in days after today, the end in days after the start
        (None, 37, ProposalField.START, "Pick the day the pilot starts"),
        (-1, 37, ProposalField.START, "in the past"),
        (6, None, ProposalField.END, "Pick the day the pilot ends"),
        (6, 0, ProposalField.END, "after the start"),
        (6, -1, ProposalField.END, "after the start"),
    ],
)
def test_dates_start_today_or_later_and_end_after_the_start(
    start: int | None, end: int | None, field: ProposalField, words: str
) -> None:
    first = days(start)
    errors = check(proposal(start=first, end=days(end, after=first or TODAY)))
    assert list(errors) == [field]
    assert words in errors[field]


def test_a_pilot_may_start_today() -> None:
    assert check(proposal(start=TODAY)) == {}


@pytest.mark.parametrize(
    ("sponsor_id", "person", "words"),
    [
        (None, None, "Name the sponsor"),
        ("U0ALICE001", Person("U0ALICE001"), "someone else"),
        (BOSS.user_id, None, "can't find"),
        (BOSS.user_id, Person("U0OTHER001"), "can't find"),
        (BOSS.user_id, Person(BOSS.user_id, is_bot=True), "bot"),
        (BOSS.user_id, Person(BOSS.user_id, deleted=True), "deactivated"),
    ],
)
def test_the_sponsor_is_another_real_person(
    sponsor_id: str | None, person: Person | None, words: str
) -> None:
    errors = check(proposal(sponsor_id=sponsor_id), sponsor=person)
    assert list(errors) == [ProposalField.SPONSOR]
    assert words in errors[ProposalField.SPONSOR]


# -- drafts -----------------------------------------------------------------------------------
def check_draft(draft: ProposalDraft, sponsor: Person | None = None) -> dict[ProposalField, str]:
    return validate_draft(draft, proposer_id="U0ALICE001", sponsor=sponsor)


def test_a_draft_needs_only_a_concept() -> None:
    bare = proposal(scope="", learning="", start=None, end=None, sponsor_id=None)
    assert check_draft(bare) == {}
    assert list(check_draft(proposal(concept=" ", sponsor_id=None))) == [ProposalField.CONCEPT]


def test_a_draft_may_start_in_the_past_but_never_end_before_it_starts() -> None:
    """A draft can sit for weeks; the start is judged when it is sent."""
    long_ago = TODAY - timedelta(days=328)
    old = proposal(start=long_ago, end=long_ago + timedelta(days=31), sponsor_id=None)
    assert check_draft(old) == {}
    backwards = proposal(start=START + timedelta(days=1), end=START, sponsor_id=None)
    assert list(check_draft(backwards)) == [ProposalField.END]


def test_a_named_sponsor_in_a_draft_follows_the_sponsor_rules() -> None:
    assert list(check_draft(proposal(sponsor_id="U0ALICE001"))) == [ProposalField.SPONSOR]
    bot = Person(BOSS.user_id, is_bot=True)
    assert "bot" in check_draft(proposal(), sponsor=bot)[ProposalField.SPONSOR]
    assert check_draft(proposal(), sponsor=BOSS) == {}


def test_text_limits_hold_for_drafts_too() -> None:
    errors = check_draft(proposal(scope="a" * 1001, sponsor_id=None))
    assert list(errors) == [ProposalField.SCOPE]


# -- a pilot -----------------------------------------------------------------------------------
def a_pilot(state: PilotState, start: date | None = START) -> Pilot:
    return Pilot(
        id=1,
        stand_id=2,
        proposer_id="U0ALICE001",
        proposal=proposal(start=start),
        shielded=False,
        state=state,
        version=1,
        created_at=EPOCH,
    )


@pytest.mark.parametrize("state", list(PilotState))
def test_only_drafts_proposals_and_changes_asked_for_can_be_edited(state: PilotState) -> None:
    editable = {S.DRAFT, S.PROPOSED, S.CHANGES_REQUESTED}
    assert a_pilot(state).editable is (state in editable)
    assert a_pilot(state).open is (state not in FINAL)


@pytest.mark.parametrize(
    ("state", "days_after_start", "due"),
    [
        (S.APPROVED, -1, False),
        (S.APPROVED, 0, True),
        (S.APPROVED, 8, True),
        (S.PROPOSED, 8, False),
        (S.RUNNING, 8, False),
    ],
)
def test_an_approved_pilot_is_due_to_start_on_its_start_date(
    state: PilotState, days_after_start: int, due: bool
) -> None:
    today = START + timedelta(days=days_after_start)
    assert start_is_due(a_pilot(state), today) is due


def test_a_pilot_without_a_start_date_never_starts_by_itself() -> None:
    far_off = TODAY + timedelta(days=5 * 365)
    assert start_is_due(a_pilot(S.APPROVED, start=None), far_off) is False
