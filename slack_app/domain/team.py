"""A team forms by what people do: react, press "I'm in", join, leave.

Each person's standing on a team is folded from *signals*: for each kind of action, the
Slack time it was last switched on and last switched off. Applying an action only ever
raises one of those times, so the fold is the same whatever order Slack delivers events
in, and applying the same action twice changes nothing.

The rules, in one place:
- Opting in: the opt-in reaction on the vision post, the "I'm in" button, or being put on
  the team when it forms (the lead and the first follower).
- Removing the reaction withdraws only the reaction. A person who also pressed "I'm in"
  stays on the team: the button is the deliberate commitment.
- Leaving the pilot channel opts a person out of everything they did before leaving;
  coming back makes them a watcher until they opt in again.
- In the channel and not opted in: a watcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Team:
    """A stand's team and its pilot channel."""

    id: int
    stand_id: int
    lead_id: str
    channel_id: str
    is_private: bool
    linked: bool
    formed_at: datetime
    vision_ts: str | None = None
    roster_ts: str | None = None


@dataclass(frozen=True, slots=True)
class TeamSummary:
    """A stand's team at a glance, for lists."""

    channel_id: str
    size: int
    ready: bool = True  # the vision and roster are posted; False: forming didn't finish


class Signal(StrEnum):
    REACTION = "reaction"  # the opt-in emoji on the vision post
    BUTTON = "button"  # "I'm in"
    FOUNDER = "founder"  # put on the team when it formed: the lead and the first follower
    CHANNEL = "channel"  # a member of the pilot channel


OPT_IN = (Signal.REACTION, Signal.BUTTON, Signal.FOUNDER)
OPT_IN_EMOJI = "raised_hands"


class Standing(StrEnum):
    MEMBER = "member"
    WATCHER = "watcher"
    OUT = "out"


def slack_time(ts: str | float | Decimal) -> Decimal:
    """A Slack timestamp ("1718950500.123456") as an exact, comparable number."""
    return Decimal(str(ts)).quantize(Decimal("0.000001"))


def slack_time_of(moment: datetime) -> Decimal:
    return slack_time(f"{moment.timestamp():.6f}")


def moment_of(ts: Decimal) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a person did, at Slack's time ``at``: switched ``signal`` on or off."""

    user_id: str
    signal: Signal
    on: bool
    at: Decimal


@dataclass(frozen=True, slots=True)
class Switch:
    """When a signal was last switched on and last switched off (None: never)."""

    on_at: Decimal | None = None
    off_at: Decimal | None = None

    @property
    def is_on(self) -> bool:
        return self.on_at is not None and (self.off_at is None or self.on_at > self.off_at)

    def apply(self, action: Action) -> Switch:
        if action.on and (self.on_at is None or action.at > self.on_at):
            return Switch(action.at, self.off_at)
        if not action.on and (self.off_at is None or action.at > self.off_at):
            return Switch(self.on_at, action.at)
        return self


@dataclass(frozen=True, slots=True)
class Person:
    """Everything the team knows of one person's actions."""

    user_id: str
    switches: dict[Signal, Switch] = field(default_factory=dict)

    def switch(self, signal: Signal) -> Switch:
        return self.switches.get(signal, Switch())

    def apply(self, action: Action) -> Person:
        updated = self.switch(action.signal).apply(action)
        return Person(self.user_id, {**self.switches, action.signal: updated})

    def _opt_ins(self) -> list[Decimal]:
        """When each opt-in still in force was made (after the last time they left)."""
        left_at = self.switch(Signal.CHANNEL).off_at
        switches = [self.switch(signal) for signal in OPT_IN]
        return [
            s.on_at
            for s in switches
            if s.is_on and s.on_at is not None and (left_at is None or s.on_at > left_at)
        ]

    @property
    def holds_founder_role(self) -> bool:
        """Put on the team when it formed (lead, first follower) and not gone since.

        Leaving voids it for good: coming back makes a member again, not a founder.
        """
        founder = self.switch(Signal.FOUNDER)
        left_at = self.switch(Signal.CHANNEL).off_at
        return (
            founder.is_on
            and founder.on_at is not None
            and (left_at is None or founder.on_at > left_at)
        )

    @property
    def standing(self) -> Standing:
        if self._opt_ins():
            return Standing.MEMBER
        return Standing.WATCHER if self.switch(Signal.CHANNEL).is_on else Standing.OUT

    @property
    def since(self) -> Decimal | None:
        """When the current standing began: the first opt-in in force, or the channel join."""
        opt_ins = self._opt_ins()
        if opt_ins:
            return min(opt_ins)
        return self.switch(Signal.CHANNEL).on_at if self.standing is Standing.WATCHER else None


@dataclass(frozen=True, slots=True)
class Change:
    """A person's standing moved: kept as the team's history."""

    user_id: str
    before: Standing
    after: Standing
    via: Signal
    at: Decimal


def apply(person: Person, action: Action) -> tuple[Person, Change | None]:
    """The person after ``action``, and the change of standing it caused (if any)."""
    after = person.apply(action)
    if after.standing == person.standing:
        return after, None
    return after, Change(action.user_id, person.standing, after.standing, action.signal, action.at)


@dataclass(frozen=True, slots=True)
class RosterLine:
    user_id: str
    standing: Standing
    since: Decimal | None


@dataclass(frozen=True, slots=True)
class Roster:
    """Who is on the team: lead, first follower, members, watchers, each with a since."""

    lead_id: str
    first_follower_id: str | None
    members: tuple[RosterLine, ...]
    watchers: tuple[RosterLine, ...]

    @property
    def size(self) -> int:
        """People on the team (members, the lead and first follower among them)."""
        return len(self.members)

    def standing_of(self, user_id: str) -> Standing:
        for line in (*self.members, *self.watchers):
            if line.user_id == user_id:
                return line.standing
        return Standing.OUT


def roster(lead_id: str, first_follower_id: str | None, people: list[Person]) -> Roster:
    """The roster from everyone's signals, in a stable order (earliest first).

    The first follower is shown while they hold the role: on the team since it formed
    (or since they said "I'm in"), and not gone from the channel since.
    """
    lines = [RosterLine(p.user_id, p.standing, p.since) for p in people]
    lines = [line for line in lines if line.standing is not Standing.OUT]
    lines.sort(key=lambda line: (line.since or Decimal(0), line.user_id))
    members = tuple(line for line in lines if line.standing is Standing.MEMBER)
    founders = {p.user_id for p in people if p.holds_founder_role}
    return Roster(
        lead_id=lead_id,
        first_follower_id=first_follower_id if first_follower_id in founders else None,
        members=members,
        watchers=tuple(line for line in lines if line.standing is Standing.WATCHER),
    )


def replay(lead_id: str, first_follower_id: str | None, actions: list[Action]) -> Roster:
    """The roster after ``actions`` applied one by one: the straightforward reference."""
    people: dict[str, Person] = {}
    for action in actions:
        person = people.get(action.user_id, Person(action.user_id))
        people[action.user_id], _ = apply(person, action)
    return roster(lead_id, first_follower_id, list(people.values()))
