"""How a team forms from what people do, with no Slack and no database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slack_app.domain.team import (
    OPT_IN,
    OPT_IN_EMOJI,
    Action,
    Change,
    Person,
    Roster,
    RosterLine,
    Signal,
    Standing,
    Switch,
    apply,
    moment_of,
    replay,
    roster,
    slack_time,
    slack_time_of,
)

LEAD, FOLLOWER, ANA, BEN = "U0LEAD0001", "U0FOLLOW01", "U0ANA00001", "U0BEN00001"
BASE = 1718950500  # 2024-06-21 06:15:00 UTC
MEMBER, WATCHER, OUT = Standing.MEMBER, Standing.WATCHER, Standing.OUT
REACTION, BUTTON, FOUNDER, CHANNEL = Signal.REACTION, Signal.BUTTON, Signal.FOUNDER, Signal.CHANNEL


def t(seconds: int) -> Decimal:
    """Slack time ``seconds`` after the base moment."""
    return slack_time(BASE + seconds)


def on(signal: Signal, at: int, user_id: str = ANA) -> Action:
    return Action(user_id, signal, True, t(at))


def off(signal: Signal, at: int, user_id: str = ANA) -> Action:
    return Action(user_id, signal, False, t(at))


def fold(*actions: Action, user_id: str = ANA) -> Person:
    """The person after ``actions``, applied in the order given (delivery order)."""
    person = Person(user_id)
    for action in actions:
        person, _ = apply(person, action)
    return person


def changes(*actions: Action, user_id: str = ANA) -> list[Change]:
    person = Person(user_id)
    seen: list[Change] = []
    for action in actions:
        person, change = apply(person, action)
        if change is not None:
            seen.append(change)
    return seen


def people_after(actions: list[Action]) -> list[Person]:
    people: dict[str, Person] = {}
    for action in actions:
        people[action.user_id], _ = apply(
            people.get(action.user_id, Person(action.user_id)), action
        )
    return list(people.values())


# --- the vocabulary --------------------------------------------------------------------------


def test_the_opt_in_signals_are_the_reaction_the_button_and_forming_the_team() -> None:
    assert set(OPT_IN) == {REACTION, BUTTON, FOUNDER}
    assert CHANNEL not in OPT_IN
    assert OPT_IN_EMOJI == "raised_hands"


def test_a_switch_is_on_only_when_last_switched_on_after_last_switched_off() -> None:
    assert not Switch().is_on
    assert Switch(on_at=t(1)).is_on
    assert not Switch(off_at=t(1)).is_on
    assert Switch(on_at=t(2), off_at=t(1)).is_on
    assert not Switch(on_at=t(1), off_at=t(2)).is_on
    assert not Switch(on_at=t(1), off_at=t(1)).is_on  # a tie is off: no phantom member


def test_a_switch_keeps_only_the_latest_on_and_off_times() -> None:
    switch = Switch().apply(on(REACTION, 5)).apply(on(REACTION, 3)).apply(off(REACTION, 4))

    assert switch == Switch(on_at=t(5), off_at=t(4))
    assert switch.apply(off(REACTION, 4)) is switch  # nothing new: the very same switch


# --- opting in --------------------------------------------------------------------------------


def test_someone_who_did_nothing_is_out() -> None:
    person = Person(ANA)

    assert person.standing is OUT
    assert person.since is None


@pytest.mark.parametrize("signal", [REACTION, BUTTON, FOUNDER])
def test_each_opt_in_makes_a_member(signal: Signal) -> None:
    assert fold(on(signal, 1)).standing is MEMBER


@pytest.mark.parametrize("signal", [REACTION, BUTTON, FOUNDER])
def test_each_opt_in_makes_a_member_of_someone_in_the_channel(signal: Signal) -> None:
    assert fold(on(CHANNEL, 1), on(signal, 2)).standing is MEMBER


def test_being_in_the_channel_without_opting_in_makes_a_watcher() -> None:
    assert fold(on(CHANNEL, 1)).standing is WATCHER


def test_joining_the_channel_after_opting_in_keeps_a_member() -> None:
    assert fold(on(REACTION, 1), on(CHANNEL, 2)).standing is MEMBER


# --- opting out by removing the reaction ------------------------------------------------------


def test_removing_the_reaction_opts_out() -> None:
    assert fold(on(REACTION, 1), off(REACTION, 2)).standing is OUT


def test_removing_the_reaction_in_the_channel_leaves_a_watcher() -> None:
    assert fold(on(CHANNEL, 1), on(REACTION, 2), off(REACTION, 3)).standing is WATCHER


@pytest.mark.parametrize("pressed_at", [1, 3], ids=["button before reaction", "after"])
def test_removing_the_reaction_keeps_someone_who_pressed_im_in_on_the_team(
    pressed_at: int,
) -> None:
    person = fold(on(REACTION, 2), on(BUTTON, pressed_at), off(REACTION, 4))

    assert person.standing is MEMBER


def test_removing_the_reaction_keeps_a_founder_on_the_team() -> None:
    assert fold(on(FOUNDER, 1), on(REACTION, 2), off(REACTION, 3)).standing is MEMBER


def test_adding_the_reaction_again_opts_back_in() -> None:
    assert fold(on(REACTION, 1), off(REACTION, 2), on(REACTION, 3)).standing is MEMBER


# --- leaving and coming back -------------------------------------------------------------------


@pytest.mark.parametrize(
    "opt_ins",
    [(REACTION,), (BUTTON,), (FOUNDER,), (REACTION, BUTTON, FOUNDER)],
    ids=["reaction", "button", "founder", "all three"],
)
def test_leaving_the_channel_voids_every_earlier_opt_in(opt_ins: tuple[Signal, ...]) -> None:
    earlier = [on(signal, 2 + i) for i, signal in enumerate(opt_ins)]

    person = fold(on(CHANNEL, 1), *earlier, off(CHANNEL, 10))

    assert person.standing is OUT
    assert person.since is None


def test_leaving_a_channel_never_joined_still_voids_earlier_opt_ins() -> None:
    assert fold(on(BUTTON, 1), off(CHANNEL, 2)).standing is OUT


@pytest.mark.parametrize("signal", [REACTION, BUTTON, FOUNDER])
def test_coming_back_makes_a_watcher_even_with_the_old_opt_in_still_switched_on(
    signal: Signal,
) -> None:
    person = fold(on(CHANNEL, 1), on(signal, 2), off(CHANNEL, 3), on(CHANNEL, 4))

    assert person.switch(signal).is_on  # the reaction is still on the post, say
    assert person.standing is WATCHER
    assert person.since == t(4)


@pytest.mark.parametrize("signal", [REACTION, BUTTON, FOUNDER])
def test_a_new_opt_in_after_coming_back_makes_a_member_again(signal: Signal) -> None:
    back = (on(CHANNEL, 1), on(REACTION, 2), off(CHANNEL, 3), on(CHANNEL, 4))

    person = fold(*back, off(REACTION, 5), on(signal, 6))

    assert person.standing is MEMBER
    assert person.since == t(6)


def test_an_opt_in_after_leaving_counts_even_before_coming_back() -> None:
    assert fold(on(CHANNEL, 1), off(CHANNEL, 2), on(BUTTON, 3)).standing is MEMBER


def test_leaving_again_voids_the_new_opt_in_too() -> None:
    person = fold(on(CHANNEL, 1), off(CHANNEL, 2), on(CHANNEL, 3), on(BUTTON, 4), off(CHANNEL, 5))

    assert person.standing is OUT


# --- out-of-order and repeated delivery ---------------------------------------------------------


def test_a_reaction_removed_delivered_before_its_adding_leaves_no_phantom_member() -> None:
    person = fold(off(REACTION, 2), on(REACTION, 1))

    assert person.standing is OUT
    assert changes(off(REACTION, 2), on(REACTION, 1)) == []


def test_a_reaction_removed_delivered_early_in_the_channel_leaves_a_watcher() -> None:
    assert fold(on(CHANNEL, 1), off(REACTION, 3), on(REACTION, 2)).standing is WATCHER


def test_a_leave_delivered_before_the_opt_in_it_follows_still_voids_it() -> None:
    assert fold(off(CHANNEL, 3), on(CHANNEL, 1), on(BUTTON, 2)).standing is OUT


def test_a_rejoin_delivered_before_the_leave_it_follows_makes_a_watcher() -> None:
    person = fold(on(REACTION, 1), on(CHANNEL, 4), off(CHANNEL, 3))

    assert person.standing is WATCHER
    assert person.since == t(4)


def test_a_late_old_action_does_not_undo_a_newer_one_on_the_same_signal() -> None:
    assert fold(on(REACTION, 3), off(REACTION, 2)).standing is MEMBER
    assert fold(off(REACTION, 3), on(REACTION, 2)).standing is OUT


@pytest.mark.parametrize("signal", list(Signal))
@pytest.mark.parametrize("switched_on", [True, False])
def test_the_same_action_twice_makes_no_second_change(signal: Signal, switched_on: bool) -> None:
    start = Person(ANA) if switched_on else fold(on(signal, 2))
    action = Action(ANA, signal, switched_on, t(5))

    once, first = apply(start, action)
    twice, second = apply(once, action)

    assert first is not None  # every one of these moves the standing...
    assert second is None  # ...and the repeat does not
    assert twice == once


def test_two_opt_ins_make_one_membership_and_one_change() -> None:
    seen = changes(on(CHANNEL, 1), on(REACTION, 2), on(BUTTON, 3), on(FOUNDER, 4))

    assert [(c.before, c.after) for c in seen] == [(OUT, WATCHER), (WATCHER, MEMBER)]


# --- apply() and its Change ----------------------------------------------------------------------


def test_apply_reports_who_moved_from_what_to_what_through_which_signal_and_when() -> None:
    watcher = fold(on(CHANNEL, 1))

    member, change = apply(watcher, on(REACTION, 2))

    assert member.standing is MEMBER
    assert change == Change(ANA, before=WATCHER, after=MEMBER, via=REACTION, at=t(2))


def test_apply_reports_the_change_of_a_leave() -> None:
    member = fold(on(CHANNEL, 1), on(BUTTON, 2))

    _, change = apply(member, off(CHANNEL, 3))

    assert change == Change(ANA, before=MEMBER, after=OUT, via=CHANNEL, at=t(3))


def test_apply_reports_the_time_of_the_action_even_when_it_arrives_late() -> None:
    _, change = apply(fold(on(REACTION, 5)), on(CHANNEL, 1))

    assert change is None  # a member stays a member
    _, change = apply(fold(off(REACTION, 5)), on(CHANNEL, 1))
    assert change == Change(ANA, before=OUT, after=WATCHER, via=CHANNEL, at=t(1))


def test_apply_reports_no_change_but_keeps_the_action_when_the_standing_stays() -> None:
    member = fold(on(REACTION, 1))

    after, change = apply(member, on(BUTTON, 2))

    assert change is None
    assert after.switch(BUTTON) == Switch(on_at=t(2))
    # the button now holds them on the team when the reaction goes
    assert apply(after, off(REACTION, 3)) == (
        Person(ANA, {REACTION: Switch(t(1), t(3)), BUTTON: Switch(on_at=t(2))}),
        None,
    )


def test_apply_leaves_the_person_it_was_given_unchanged() -> None:
    before = fold(on(CHANNEL, 1))

    apply(before, on(REACTION, 2))

    assert before == Person(ANA, {CHANNEL: Switch(on_at=t(1))})


# --- since -------------------------------------------------------------------------------------


def test_a_members_since_is_their_earliest_opt_in_in_force() -> None:
    person = fold(on(CHANNEL, 1), on(BUTTON, 3), on(REACTION, 2), on(FOUNDER, 4))

    assert person.since == t(2)


def test_a_members_since_skips_an_opt_in_they_withdrew() -> None:
    person = fold(on(REACTION, 1), on(BUTTON, 2), off(REACTION, 3))

    assert person.standing is MEMBER
    assert person.since == t(2)


def test_a_members_since_skips_opt_ins_voided_by_leaving() -> None:
    person = fold(on(REACTION, 1), off(CHANNEL, 2), on(CHANNEL, 3), on(BUTTON, 4))

    assert person.since == t(4)


def test_a_watchers_since_is_their_latest_channel_join() -> None:
    assert fold(on(CHANNEL, 1)).since == t(1)
    assert fold(on(CHANNEL, 1), off(CHANNEL, 2), on(CHANNEL, 3)).since == t(3)
    assert fold(on(CHANNEL, 1), on(REACTION, 2), off(REACTION, 3)).since == t(1)


def test_someone_out_has_no_since() -> None:
    assert fold(on(CHANNEL, 1), off(CHANNEL, 2)).since is None
    assert fold(on(REACTION, 1), off(REACTION, 2)).since is None


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
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2100, 1, 1),
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
