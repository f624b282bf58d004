"""People as the app needs to know them: who they are, whether they can take part, their clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True, slots=True)
class Person:
    """A Slack user, reduced to what the rules need."""

    user_id: str
    name: str = ""
    tz: str = "UTC"
    is_bot: bool = False
    deleted: bool = False
    external: bool = False  # of another organisation (Slack Connect), not this workspace

    @property
    def can_take_part(self) -> bool:
        """Only active humans of this workspace follow, join or own anything: not bots,
        deactivated accounts or people of another organisation."""
        return not (self.is_bot or self.deleted or self.external)

    def today(self, now: datetime) -> date:
        """The person's own calendar date at ``now`` (an aware datetime)."""
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return now.astimezone(zone).date()


def first_follower_problem(person: Person) -> str | None:
    """Why this person cannot be a first follower, or None when they can."""
    if person.is_bot:
        return "A bot cannot be your first follower: pick a person you trust."
    if person.deleted:
        return "That account is deactivated: pick someone who is still here."
    return None
