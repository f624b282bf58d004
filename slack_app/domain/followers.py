"""F2: the first follower. "What do you think about this idea?" and their answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from slack_app.domain.people import Person


class Answer(StrEnum):
    IN = "in"  # "I'm in"
    TALK = "talk"  # "Let's talk"
    NOT_NOW = "not_now"  # "Not now"


ANSWER_WORDS = {Answer.IN: "I'm in", Answer.TALK: "Let's talk", Answer.NOT_NOW: "Not now"}
NOTE_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Ask:
    """The author asked ``user_id`` to be the first follower of a stand."""

    id: int
    stand_id: int
    user_id: str
    asked_at: datetime
    answer: Answer | None = None
    note: str | None = None
    answered_at: datetime | None = None
    dm_channel_id: str | None = None
    dm_ts: str | None = None


def ask_problem(author_id: str, person: Person | None, *, already_asked: bool) -> str | None:
    """Why the author cannot ask this person, in words, or None when they can."""
    if person is None:
        return "I can't find that person in this workspace."
    if person.user_id == author_id:
        return "Your first follower is someone else: pick the person you would ask."
    if person.is_bot:
        return "A bot cannot be your first follower: pick a person you trust."
    if person.deleted:
        return "That account is deactivated: pick someone who is still here."
    if already_asked:
        return "You have already asked this person about this stand."
    return None
