"""The team roster, Slack time, and the same roster whatever the delivery order."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slack_app.domain.team import (
    Action,
    Change,
    Person,
    Roster,
    RosterLine,
    Signal,
    apply,
    moment_of,
    replay,
    roster,
    slack_time,
    slack_time_of,
)
from tests.support.team_actions import (
    ANA,
    BASE,
    BEN,
    BUTTON,
    CHANNEL,
    FOLLOWER,
    FOUNDER,
    LEAD,
    MEMBER,
    OUT,
    REACTION,
    WATCHER,
    fold,
    off,
    on,
    people_after,
    t,
)

# --- the roster ------------------------------------------------------------------------------


def test_the_roster_lists_members_and_watchers_earliest_first_and_leaves_out_the_rest() -> None:
    people = people_after(
        [
            on(FOUNDER, 1, LEAD),
            on(CHANNEL, 2, LEAD),
            on(CHANNEL, 3, BEN),
            on(CHANNEL, 4, ANA),
            on(REACTION, 5, ANA),
            on(CHANNEL, 6, "U0GONE0001"),
            off(CHANNEL, 7, "U0GONE0001"),
            on(CHANNEL, 8, "U0LOOK0001"),
        ]
    )

    result = roster(LEAD, None, people)

    assert result.members == (RosterLine(LEAD, MEMBER, t(1)), RosterLine(ANA, MEMBER, t(5)))
    assert result.watchers == (
        RosterLine(BEN, WATCHER, t(3)),
        RosterLine("U0LOOK0001", WATCHER, t(8)),
    )


def test_the_roster_breaks_ties_by_user_id_whatever_order_people_come_in() -> None:
    people = people_after([on(REACTION, 1, BEN), on(REACTION, 1, ANA), on(REACTION, 1, LEAD)])

    forwards = roster(LEAD, None, people)
    backwards = roster(LEAD, None, people[::-1])

    assert [line.user_id for line in forwards.members] == sorted([ANA, BEN, LEAD])
    assert forwards == backwards


def test_the_roster_orders_by_time_not_by_how_the_number_is_written() -> None:
    people = [
        fold(Action(ANA, REACTION, True, slack_time("1000000000.5")), user_id=ANA),
        fold(Action(BEN, REACTION, True, slack_time("999999999.9")), user_id=BEN),
    ]

    assert [line.user_id for line in roster(LEAD, None, people).members] == [BEN, ANA]


@pytest.mark.parametrize(
    ("followers_actions", "shown"),
    [
        ([on(FOUNDER, 1, FOLLOWER)], True),
        ([on(CHANNEL, 1, FOLLOWER)], False),
        ([on(FOUNDER, 1, FOLLOWER), off(CHANNEL, 2, FOLLOWER)], False),
        ([], False),
    ],
    ids=["member", "watcher", "left", "never acted"],
)
def test_the_first_follower_is_shown_only_while_a_member(
    followers_actions: list[Action], shown: bool
) -> None:
    people = people_after([on(FOUNDER, 1, LEAD), *followers_actions])

    result = roster(LEAD, FOLLOWER, people)

    assert result.first_follower_id == (FOLLOWER if shown else None)


def test_without_a_first_follower_the_roster_has_none() -> None:
    assert roster(LEAD, None, people_after([on(FOUNDER, 1, LEAD)])).first_follower_id is None


def test_the_lead_is_always_named_even_when_no_longer_a_member() -> None:
    people = people_after([on(FOUNDER, 1, LEAD), off(CHANNEL, 2, LEAD)])

    result = roster(LEAD, None, people)

    assert result.lead_id == LEAD
    assert result.members == ()
    assert result.standing_of(LEAD) is OUT
    assert roster(LEAD, None, []).lead_id == LEAD


def test_the_team_size_counts_members_lead_and_first_follower_among_them() -> None:
    people = people_after(
        [
            on(FOUNDER, 1, LEAD),
            on(FOUNDER, 1, FOLLOWER),
            on(BUTTON, 2, ANA),
            on(CHANNEL, 3, BEN),  # a watcher is not on the team
        ]
    )

    result = roster(LEAD, FOLLOWER, people)

    assert result.size == 3
    assert {line.user_id for line in result.members} == {LEAD, FOLLOWER, ANA}


def test_standing_of_tells_member_watcher_or_out() -> None:
    people = people_after([on(REACTION, 1, ANA), on(CHANNEL, 2, BEN)])

    result = roster(LEAD, None, people)

    assert result.standing_of(ANA) is MEMBER
    assert result.standing_of(BEN) is WATCHER
    assert result.standing_of("U0NOBODY01") is OUT


def test_replay_applies_actions_in_order_into_a_roster() -> None:
    actions = [
        on(FOUNDER, 1, LEAD),
        on(FOUNDER, 1, FOLLOWER),
        on(CHANNEL, 2, ANA),
        on(REACTION, 3, ANA),
        off(REACTION, 4, ANA),
    ]

    assert replay(LEAD, FOLLOWER, actions) == Roster(
        lead_id=LEAD,
        first_follower_id=FOLLOWER,
        members=(RosterLine(FOLLOWER, MEMBER, t(1)), RosterLine(LEAD, MEMBER, t(1))),
        watchers=(RosterLine(ANA, WATCHER, t(2)),),
    )


# --- Slack time -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ts", ["1718950500.123456", 1718950500.123456, Decimal("1718950500.123456")]
)
def test_slack_time_reads_strings_floats_and_decimals_alike(ts: str | float | Decimal) -> None:
    assert slack_time(ts) == Decimal("1718950500.123456")


def test_slack_time_is_quantised_to_microseconds() -> None:
    assert slack_time("1718950500") == Decimal("1718950500")
    assert str(slack_time("1718950500")) == "1718950500.000000"
    assert str(slack_time("1718950500.1")) == "1718950500.100000"
    assert slack_time("1718950500.1234567") == Decimal("1718950500.123457")
    assert slack_time("1718950500.1234561") == Decimal("1718950500.123456")


def test_slack_times_compare_as_numbers_not_as_text() -> None:
    assert slack_time("999999999.999999") < slack_time("1000000000.000001")
    assert slack_time("1718950500.9") > slack_time("1718950500.10")
    assert slack_time("1718950500.000001") > slack_time("1718950500")


def test_slack_time_refuses_what_is_not_a_number() -> None:
    with pytest.raises(InvalidOperation):
        slack_time("yesterday")


# Calendar tests, these two: one known pair of a Slack time and its UTC moment, both pinned.
def test_moment_of_is_the_utc_moment_of_a_slack_time() -> None:
    assert moment_of(slack_time("1718950500.123456")) == datetime(
        2024, 6, 21, 6, 15, 0, 123456, tzinfo=UTC
    )


def test_slack_time_of_is_the_slack_time_of_a_moment() -> None:
    moment = datetime(2024, 6, 21, 6, 15, 0, 123456, tzinfo=UTC)

    assert slack_time_of(moment) == Decimal("1718950500.123456")


@given(st.integers(min_value=0, max_value=4_102_444_800 * 10**6))  # up to the year 2100
def test_a_slack_time_survives_a_round_trip_through_a_moment(microseconds: int) -> None:
    ts = slack_time(Decimal(microseconds) / 10**6)

    assert slack_time_of(moment_of(ts)) == ts


@given(
    st.datetimes(
        # Hypothesis takes naive bounds and makes aware values with `timezones`.
        min_value=datetime(1970, 1, 2),  # noqa: DTZ001
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_a_moment_survives_a_round_trip_through_a_slack_time(moment: datetime) -> None:
    assert moment_of(slack_time_of(moment)) == moment


# --- the same roster whatever the delivery --------------------------------------------------

USERS = (LEAD, FOLLOWER, ANA, BEN)


@st.composite
def histories(draw: st.DrawFn) -> list[Action]:
    """Up to 500 actions by a few people, at increasing, distinct Slack times."""
    size = draw(st.integers(min_value=0, max_value=500))
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(USERS),
                st.sampled_from(Signal),
                st.booleans(),
                st.integers(min_value=1, max_value=90_000_000),  # up to 90 s apart
            ),
            min_size=size,
            max_size=size,
        )
    )
    at = Decimal(BASE)
    actions: list[Action] = []
    for user_id, signal, switched_on, gap in steps:
        at += Decimal(gap) / 10**6
        actions.append(Action(user_id, signal, switched_on, slack_time(at)))
    return actions


def delivered(data: st.DataObject, actions: list[Action]) -> list[Action]:
    """``actions`` as Slack might deliver them: in any order, some of them again."""
    again = data.draw(st.lists(st.sampled_from(actions), max_size=50)) if actions else []
    return data.draw(st.permutations([*actions, *again]))


@given(histories())
@settings(max_examples=20, deadline=None)
def test_generated_histories_have_distinct_increasing_times(actions: list[Action]) -> None:
    times = [action.at for action in actions]
    assert times == sorted(set(times))


@given(histories(), st.data())
@settings(max_examples=50, deadline=None)
def test_the_roster_is_the_same_whatever_the_order_and_however_often_actions_arrive(
    actions: list[Action], data: st.DataObject
) -> None:
    arrived = delivered(data, actions)

    assert roster(LEAD, FOLLOWER, people_after(arrived)) == replay(LEAD, FOLLOWER, actions)


@given(histories(), st.data())
@settings(max_examples=50, deadline=None)
def test_the_changes_kept_for_a_person_chain_up_to_their_standing(
    actions: list[Action], data: st.DataObject
) -> None:
    people: dict[str, Person] = {}
    history: dict[str, list[Change]] = {user_id: [] for user_id in USERS}
    for action in delivered(data, actions):
        person = people.get(action.user_id, Person(action.user_id))
        people[action.user_id], change = apply(person, action)
        if change is not None:
            assert change.user_id == action.user_id
            assert (change.via, change.at) == (action.signal, action.at)
            history[action.user_id].append(change)

    for user_id, kept in history.items():
        standing = people[user_id].standing if user_id in people else OUT
        walked = [OUT, *(change.after for change in kept)]
        assert [change.before for change in kept] == walked[:-1]
        assert all(change.before is not change.after for change in kept)
        assert walked[-1] is standing
