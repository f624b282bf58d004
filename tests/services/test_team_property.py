"""A team's roster on a real database is the same whatever order, and however often, Slack
delivers what people did: the same as a straightforward replay of the actions in order."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slack_app.domain.followers import Answer
from slack_app.domain.people import Person
from slack_app.domain.team import (
    Action,
    Change,
    Roster,
    Signal,
    Standing,
    Team,
    moment_of,
    replay,
    slack_time,
    slack_time_of,
)
from slack_app.domain.workspace import Workspace
from slack_app.services.followers import answer_ask
from slack_app.services.stands import declare_stand
from slack_app.services.team import apply_action, form_team, history, roster_of
from slack_app.store.database import Database
from tests.support.clock import EPOCH
from tests.support.databases import postgres_admin_url
from tests.support.factories import a_draft

ACME = Workspace("T0ACME0001")
FORMED = EPOCH
TODAY = FORMED.date()
LEAD, FOLLOWER, ANA, BEN, CAROL = (
    "U0LEAD0001",
    "U0FOLLOW01",
    "U0ANA00001",
    "U0BEN00001",
    "U0CAR0001",
)
USERS = (LEAD, FOLLOWER, ANA, BEN, CAROL)
# What Slack tells the app: a reaction added or removed, a join, a leave, "I'm in" pressed.
KINDS = (
    (Signal.REACTION, True),
    (Signal.REACTION, False),
    (Signal.CHANNEL, True),
    (Signal.CHANNEL, False),
    (Signal.BUTTON, True),
)


def a_team(db: Database) -> Team:
    """A stand whose first follower said "I'm in", and its team, formed at FORMED."""
    with db.unit_of_work(ACME) as uow:
        declared = declare_stand(
            uow,
            author_id=LEAD,
            draft=a_draft(first_follower_id=FOLLOWER),
            now=FORMED,
            today=TODAY,
            first_follower=Person(FOLLOWER),
        )
    assert declared.ask is not None
    with db.unit_of_work(ACME) as uow:
        answer_ask(
            uow, ask_id=declared.ask.id, user_id=FOLLOWER, answer=Answer.IN, note=None, now=FORMED
        )
    with db.unit_of_work(ACME) as uow:
        return form_team(
            uow,
            stand_id=declared.stand.id,
            author_id=LEAD,
            channel_id=f"C0PILOT{declared.stand.id:04d}",
            is_private=False,
            linked=False,
            now=FORMED,
        )


def received(action: Action) -> datetime:
    """When the app hears of an action: Slack delivers it at its own time."""
    return moment_of(action.at)


def apply(db: Database, team: Team, action: Action) -> Change | None:
    """Apply one action as the app does when Slack delivers it."""
    with db.unit_of_work(ACME) as uow:
        return apply_action(uow, team.id, action, received(action))


def stored_roster(db: Database, team: Team) -> Roster:
    with db.unit_of_work(ACME) as uow:
        return roster_of(uow, team.id)


def stored_history(db: Database, team: Team) -> list[Change]:
    with db.unit_of_work(ACME) as uow:
        return history(uow, team.id)


def forming() -> list[Action]:
    """What forming the team did: the lead and the first follower in the channel, on it."""
    at = slack_time_of(FORMED)
    return [
        Action(user_id, signal, True, at)
        for signal in (Signal.CHANNEL, Signal.FOUNDER)
        for user_id in (LEAD, FOLLOWER)
    ]


@st.composite
def actions_after_forming(draw: st.DrawFn) -> list[Action]:
    """500 mixed actions by a few people, at increasing, distinct Slack times."""
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(USERS),
                st.sampled_from(KINDS),
                st.integers(min_value=1, max_value=120_000_000),  # up to two minutes apart
            ),
            min_size=500,
            max_size=500,
        )
    )
    at = slack_time_of(FORMED)
    actions: list[Action] = []
    for user_id, (signal, switched_on), gap in steps:
        at += Decimal(gap) / 10**6
        actions.append(Action(user_id, signal, switched_on, slack_time(at)))
    return actions


def forming_changes() -> list[Change]:
    """The history forming the team kept: each founder joined, then was put on the team."""
    at = slack_time_of(FORMED)
    return [
        change
        for user_id in (LEAD, FOLLOWER)
        for change in (
            Change(user_id, Standing.OUT, Standing.WATCHER, Signal.CHANNEL, at),
            Change(user_id, Standing.WATCHER, Standing.MEMBER, Signal.FOUNDER, at),
        )
    ]


@given(actions_after_forming(), st.data())
@settings(
    # Each example is some 550 transactions: five orderings on SQLite, two on PostgreSQL,
    # where each costs three times as much (36 s of its run for five).
    max_examples=2 if postgres_admin_url() else 5,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one database; each example forms its own team
        HealthCheck.large_base_example,  # 500 actions is the point
        HealthCheck.too_slow,
    ],
)
def test_500_actions_in_any_order_with_retries_leave_the_roster_of_a_replay(
    db: Database, actions: list[Action], data: st.DataObject
) -> None:
    team = a_team(db)
    again = data.draw(st.lists(st.sampled_from(actions), min_size=1, max_size=100))
    arrived = data.draw(st.permutations([*actions, *again]))

    returned = [apply(db, team, action) for action in arrived]

    expected = replay(LEAD, FOLLOWER, [*forming(), *actions])
    assert stored_roster(db, team) == expected
    # every change the service reported was kept as history, and nothing else was
    kept = Counter(stored_history(db, team))
    assert kept == Counter(forming_changes() + [c for c in returned if c is not None])


def test_forming_a_team_puts_the_lead_and_the_first_follower_on_it(db: Database) -> None:
    team = a_team(db)

    result = stored_roster(db, team)

    assert result == replay(LEAD, FOLLOWER, forming())
    assert result.first_follower_id == FOLLOWER
    assert result.standing_of(LEAD) is Standing.MEMBER
    assert result.size == 2


def later(seconds: int) -> Decimal:
    return slack_time_of(FORMED) + seconds


def test_a_reaction_removed_stored_before_its_adding_arrives_leaves_no_phantom_member(
    db: Database,
) -> None:
    team = a_team(db)

    apply(db, team, Action(ANA, Signal.REACTION, False, later(2)))
    change = apply(db, team, Action(ANA, Signal.REACTION, True, later(1)))

    assert change is None
    assert stored_roster(db, team).standing_of(ANA) is Standing.OUT


def test_a_leave_stored_before_the_earlier_join_arrives_leaves_them_out(db: Database) -> None:
    team = a_team(db)

    apply(db, team, Action(ANA, Signal.CHANNEL, False, later(2)))
    apply(db, team, Action(ANA, Signal.CHANNEL, True, later(1)))

    assert stored_roster(db, team).standing_of(ANA) is Standing.OUT


def test_an_action_delivered_twice_is_kept_once_in_the_history(db: Database) -> None:
    team = a_team(db)
    join = Action(ANA, Signal.CHANNEL, True, later(1))

    first = apply(db, team, join)
    second = apply(db, team, join)

    assert first == Change(ANA, Standing.OUT, Standing.WATCHER, Signal.CHANNEL, later(1))
    assert second is None
    assert [c for c in stored_history(db, team) if c.user_id == ANA] == [first]
