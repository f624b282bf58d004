"""Slack's rules for channel names, and a pilot channel's name from its stand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slack_app.domain.channels import (
    MAX_NAME,
    PREFIX,
    SLUG_WORDS_LIMIT,
    is_valid_name,
    name_problem,
    pilot_channel_name,
    slug,
    with_suffix,
)

VALID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_"
# Names made of Slack's allowed characters (some of them punctuation alone, which Slack refuses).
valid_names = st.text(alphabet=VALID_CHARS, min_size=1, max_size=MAX_NAME)


# --- is_valid_name / name_problem -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a", "pilot-team", "release_2027", "0", "-a", "_1", "a" * MAX_NAME, VALID_CHARS]
)
def test_lowercase_letters_digits_hyphens_and_underscores_up_to_80_are_valid(name: str) -> None:
    assert is_valid_name(name)
    assert name_problem(name) is None


def test_an_empty_name_is_refused_and_asked_for() -> None:
    assert not is_valid_name("")
    assert name_problem("") == "Give the channel a name."


def test_a_name_of_81_characters_is_refused_with_its_length() -> None:
    name = "a" * (MAX_NAME + 1)

    assert MAX_NAME == 80
    assert not is_valid_name(name)
    problem = name_problem(name)
    assert problem is not None
    assert "at most 80" in problem
    assert "(this is 81)" in problem


@pytest.mark.parametrize(
    "name",
    [
        "Pilot",  # uppercase
        "pilot team",  # a space
        "pilot.team",  # a dot
        "café",  # a non-ASCII letter
        "pilot\N{EN DASH}team",  # an en dash
        "pilot\n",  # a trailing newline
        "#pilot",  # the channel sign is not part of the name
        "\uff30\uff29\uff2c\uff2f\uff34",  # fullwidth letters
    ],
)
def test_anything_but_lowercase_ascii_digits_hyphens_and_underscores_is_refused(
    name: str,
) -> None:
    assert not is_valid_name(name)
    assert name_problem(name) == "Use only lowercase letters, digits, hyphens and underscores."


def test_too_long_is_told_before_bad_characters() -> None:
    problem = name_problem("A" * 90)

    assert problem is not None
    assert "at most 80" in problem


@given(st.text(max_size=100))
def test_name_problem_is_none_exactly_when_the_name_is_valid(name: str) -> None:
    assert (name_problem(name) is None) is is_valid_name(name)


# --- slug ----------------------------------------------------------------------------------


def test_a_slug_is_lowercase_words_joined_by_single_hyphens() -> None:
    assert slug("  Ship it, EVERY day!!  (v2) ") == "ship-it-every-day-v2"


def test_a_slug_folds_accents_and_compatibility_forms_to_ascii() -> None:
    assert slug("Café Zürich") == "cafe-zurich"
    assert slug("ﬁnance ① \uff21\uff22\uff23") == "finance-1-abc"


def test_a_slug_drops_letters_with_no_ascii_form() -> None:
    assert slug("日本語 team") == "team"
    assert slug("日本語") == ""


@pytest.mark.parametrize("text", ["don't stop", "don\N{RIGHT SINGLE QUOTATION MARK}t stop"])
def test_a_slug_drops_apostrophes_instead_of_splitting_the_word(text: str) -> None:
    assert slug(text) == "dont-stop"


def test_a_slug_keeps_whole_words_within_the_limit() -> None:
    text = "alpha beta gamma delta"  # "alpha-beta-gamma" is 16 characters

    assert slug(text, limit=16) == "alpha-beta-gamma"
    assert slug(text, limit=21) == "alpha-beta-gamma"
    assert slug(text, limit=22) == "alpha-beta-gamma-delta"


def test_a_slug_stops_at_the_first_word_that_does_not_fit() -> None:
    # "tiny" would fit after "alpha", but the slug does not skip words.
    assert slug("alpha enormousword tiny", limit=12) == "alpha"


def test_a_slug_uses_the_default_limit() -> None:
    text = " ".join(["word"] * 20)

    result = slug(text)

    assert len(result) <= SLUG_WORDS_LIMIT
    assert result == "-".join(["word"] * 8)  # 8 words: 39 characters; 9 would be 44


def test_a_first_word_longer_than_the_limit_is_cut_rather_than_lost() -> None:
    assert slug("supercalifragilistic rest", limit=5) == "super"


def test_a_slug_of_nothing_sayable_is_empty() -> None:
    assert slug("") == ""
    assert slug("!!! ... ???") == ""


@given(st.text(max_size=300), st.integers(min_value=1, max_value=100))
def test_a_slug_is_always_within_its_limit_and_made_of_hyphenated_words(
    text: str, limit: int
) -> None:
    result = slug(text, limit=limit)

    assert len(result) <= limit
    assert result == "" or is_valid_name(result)
    assert "_" not in result
    assert "--" not in result
    assert not result.startswith("-")
    assert not result.endswith("-")


# --- pilot_channel_name ---------------------------------------------------------------------


def test_a_pilot_channel_is_named_from_how_the_stand_is_going_to_go() -> None:
    assert pilot_channel_name("It's going to go out every day.") == "pilot-out-every-day"


@pytest.mark.parametrize(
    "going",
    [
        "It's going to go out every day.",
        "it's going to go out every day",
        "ITS GOING TO GO out every day",
        "   It's going to go   out every day",
    ],
)
def test_the_leading_its_going_to_go_is_dropped_whatever_the_case(going: str) -> None:
    assert pilot_channel_name(going) == "pilot-out-every-day"


def test_its_going_to_go_is_only_dropped_at_the_start() -> None:
    assert (
        pilot_channel_name("Out daily: it's going to go well")
        == "pilot-out-daily-its-going-to-go-well"
    )


def test_a_pilot_channel_name_with_nothing_sayable_is_pilot_team() -> None:
    assert pilot_channel_name("It's going to go") == "pilot-team"
    assert pilot_channel_name("日本語") == "pilot-team"
    assert pilot_channel_name("") == "pilot-team"


def test_a_long_stand_gives_a_name_cut_at_a_word_end() -> None:
    going = "It's going to go " + "release " * 20

    name = pilot_channel_name(going)

    assert name.startswith(PREFIX)
    assert len(name) <= len(PREFIX) + SLUG_WORDS_LIMIT
    assert name == PREFIX + "-".join(["release"] * 5)


@given(st.text(max_size=500))
def test_a_pilot_channel_name_is_always_a_valid_channel_name(going: str) -> None:
    name = pilot_channel_name(going)

    assert is_valid_name(name)
    assert name_problem(name) is None
    assert name.startswith(PREFIX)
    assert len(name) > len(PREFIX)


@given(st.text(max_size=200))
def test_a_pilot_channel_name_is_valid_after_its_going_to_go_too(rest: str) -> None:
    assert is_valid_name(pilot_channel_name("It's going to go " + rest))


def test_its_going_to_go_is_dropped_only_as_whole_words() -> None:
    assert pilot_channel_name("It's going to good use") == "pilot-its-going-to-good-use"


def test_its_going_to_go_is_dropped_with_a_typographic_apostrophe() -> None:
    assert (
        pilot_channel_name("It\N{RIGHT SINGLE QUOTATION MARK}s going to go out every day")
        == "pilot-out-every-day"
    )


# --- with_suffix ---------------------------------------------------------------------------


def test_a_taken_name_gets_a_numbered_suffix() -> None:
    assert with_suffix("pilot-team", 2) == "pilot-team-2"
    assert with_suffix("pilot-team", 3) == "pilot-team-3"
    assert with_suffix("pilot-team", 1000) == "pilot-team-1000"


def test_a_suffix_on_an_80_character_name_cuts_the_name_to_stay_within_80() -> None:
    name = "a" * MAX_NAME

    assert with_suffix(name, 2) == "a" * 78 + "-2"
    assert with_suffix(name, 1000) == "a" * 75 + "-1000"


def test_a_cut_does_not_leave_a_doubled_hyphen() -> None:
    name = "a" * 77 + "-" + "bb"  # cutting to 78 for "-2" would end on the hyphen

    assert with_suffix(name, 2) == "a" * 77 + "-2"


@given(valid_names, st.integers(min_value=2, max_value=1000))
def test_a_suffixed_name_stays_valid_and_within_80(name: str, n: int) -> None:
    result = with_suffix(name, n)

    assert is_valid_name(result)
    assert len(result) <= MAX_NAME
    assert result.endswith(f"-{n}")


@given(valid_names, st.integers(min_value=2, max_value=1000))
def test_a_suffixed_name_keeps_as_much_of_the_name_as_fits(name: str, n: int) -> None:
    result = with_suffix(name, n)
    kept = result.removesuffix(f"-{n}")

    assert name.startswith(kept)
    fits = name[: MAX_NAME - len(f"-{n}")].rstrip("-")
    if fits + f"-{n}" == name:  # the name already is its own alternative: one less kept
        fits = fits[:-1].rstrip("-")
    assert kept == fits


@given(
    valid_names,
    st.integers(min_value=2, max_value=1000),
    st.integers(min_value=2, max_value=1000),
)
def test_different_numbers_give_different_names(name: str, n: int, m: int) -> None:
    assert (with_suffix(name, n) == with_suffix(name, m)) is (n == m)


def test_the_alternative_to_a_taken_name_is_never_that_name() -> None:
    taken = "a" * 78 + "-2"

    assert with_suffix(taken, 2) != taken


def test_sharp_s_is_spelled_out_not_dropped() -> None:
    assert slug("Straße") == "strasse"


@pytest.mark.parametrize("name", ["-", "---", "_", "-_-"])
def test_a_name_of_only_punctuation_is_refused(name: str) -> None:
    assert name_problem(name) == "Use at least one letter or digit."
