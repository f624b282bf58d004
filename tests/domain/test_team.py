"""How a person's standing on a team follows from what they do, with no Slack and no database."""

from __future__ import annotations

import pytest

from slack_app.domain.team import (
    OPT_IN,
    OPT_IN_EMOJI,
    Action,
    Change,
    Person,
    Signal,
    Switch,
    apply,
)
from tests.support.team_actions import (
    ANA,
    BUTTON,
    CHANNEL,
    FOUNDER,
    MEMBER,
    OUT,
    REACTION,
    WATCHER,
    changes,
    fold,
    off,
    on,
    t,
)

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
