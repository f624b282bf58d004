"""Building people's actions for the team-rule tests: times, on/off, folds."""

from __future__ import annotations

from decimal import Decimal

from slack_app.domain.team import (
    Action,
    Change,
    Person,
    Signal,
    Standing,
    apply,
    slack_time,
)
from tests.support.clock import EPOCH

LEAD, FOLLOWER, ANA, BEN = "U0LEAD0001", "U0FOLLOW01", "U0ANA00001", "U0BEN00001"
BASE = int(EPOCH.timestamp())  # the run's epoch, in Slack's seconds: the rules need no date
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
