"""The rules of a declaration, with no Slack and no database."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from slack_app.domain.people import Person, first_follower_problem
from slack_app.domain.stands import MAX_LENGTH, StandDraft, StandField, validate_draft
from tests.support.clock import EPOCH, at_local
from tests.support.factories import a_draft

TODAY = EPOCH.date()
DAY = timedelta(days=1)


def draft(**changes: object) -> StandDraft:
    return a_draft(**changes)


def test_a_complete_draft_has_no_errors() -> None:
    assert validate_draft(draft(), author_id="U1", today=TODAY) == {}


@pytest.mark.parametrize("field", [StandField.SITUATION, StandField.NOT_GOING, StandField.GOING])
def test_each_text_is_required_and_whitespace_does_not_count(field: StandField) -> None:
    for blank in ("", "   ", "\n\t"):
        errors = validate_draft(draft(**{field.value: blank}), author_id="U1", today=TODAY)
        assert list(errors) == [field]


@pytest.mark.parametrize("field", [StandField.SITUATION, StandField.NOT_GOING, StandField.GOING])
def test_each_text_has_a_length_limit_counted_after_trimming(field: StandField) -> None:
    limit = MAX_LENGTH[field]
    at_limit = draft(**{field.value: " " + "a" * limit + " "})
    over = draft(**{field.value: "a" * (limit + 1)})

    assert validate_draft(at_limit, author_id="U1", today=TODAY) == {}
    assert str(limit) in validate_draft(over, author_id="U1", today=TODAY)[field]


def test_the_source_is_required() -> None:
    assert list(validate_draft(draft(source=None), author_id="U1", today=TODAY)) == [
        StandField.SOURCE
    ]


@pytest.mark.parametrize(
    ("by_when", "ok"),
    [(None, False), (TODAY - DAY, False), (TODAY, False), (TODAY + DAY, True)],
    ids=["none", "yesterday", "today", "tomorrow"],
)
def test_by_when_must_be_after_today(by_when: date | None, ok: bool) -> None:
    errors = validate_draft(draft(by_when=by_when), author_id="U1", today=TODAY)
    assert (StandField.BY_WHEN not in errors) is ok


def test_the_first_follower_is_someone_else_who_slack_knows_and_can_take_part() -> None:
    bob = Person("U2")

    def check(user_id: str, person: Person | None) -> dict[StandField, str]:
        return validate_draft(
            draft(first_follower_id=user_id), author_id="U1", today=TODAY, first_follower=person
        )

    assert check("U2", bob) == {}
    assert "someone else" in check("U1", Person("U1"))[StandField.FIRST_FOLLOWER]
    assert "can't find" in check("U2", None)[StandField.FIRST_FOLLOWER]
    assert "can't find" in check("U3", bob)[StandField.FIRST_FOLLOWER]
    assert "bot" in check("U2", Person("U2", is_bot=True))[StandField.FIRST_FOLLOWER]
    assert "deactivated" in check("U2", Person("U2", deleted=True))[StandField.FIRST_FOLLOWER]


def test_first_follower_problem_allows_a_real_person() -> None:
    assert first_follower_problem(Person("U2", name="Bob")) is None


@pytest.mark.parametrize("channel", ["D0DM", "U0USER", "W0USER", ""])
def test_only_channels_can_hold_a_declaration(channel: str) -> None:
    errors = validate_draft(draft(channel_id=channel or "x"), author_id="U1", today=TODAY)
    assert StandField.CHANNEL in errors


@pytest.mark.parametrize("channel", ["C0GENERAL", "G0PRIVATE"])
def test_public_and_private_channels_are_fine(channel: str) -> None:
    assert validate_draft(draft(channel_id=channel), author_id="U1", today=TODAY) == {}


def test_cleaned_trims_texts_and_empties_blank_ids() -> None:
    cleaned = draft(situation="  a  ", first_follower_id="", channel_id="").cleaned()

    assert cleaned.situation == "a"
    assert cleaned.first_follower_id is None
    assert cleaned.channel_id is None


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Berlin", TODAY + DAY),
        ("America/New_York", TODAY),
        ("Not/AZone", TODAY),
    ],
)
def test_a_persons_today_is_their_own_calendar_date(tz: str, expected: date) -> None:
    late_utc = at_local(TODAY, time(23, 30), "UTC")  # already tomorrow in Berlin
    assert Person("U1", tz=tz).today(late_utc) == expected
