"""A stand: "It's not going to go that way… it's going to go this other way… because I say so."

The rules for declaring one live here, so that the modal, the service and the tests share
them: every field is checked, and a stand that breaks a rule is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from slack_app.domain.people import Person, first_follower_problem
from slack_app.domain.workspace import Workspace


class Source(StrEnum):
    """Where a breakthrough comes from (the article's two sources)."""

    CRISIS = "crisis"
    INSPIRATION = "inspiration"


class StandStatus(StrEnum):
    """A stand is declared; later it is achieved, or released when the author lets it go."""

    DECLARED = "declared"
    ACHIEVED = "achieved"
    RELEASED = "released"


class StandField(StrEnum):
    """The parts of a declaration, named once for the modal, the rules and the errors."""

    SOURCE = "source"
    SITUATION = "situation"
    NOT_GOING = "not_going"
    GOING = "going"
    BY_WHEN = "by_when"
    FIRST_FOLLOWER = "first_follower"
    CHANNEL = "channel"


# Long enough to say it properly, short enough that the declaration fits in one Slack
# section (3,000 characters) with its labels.
MAX_LENGTH = {
    StandField.SITUATION: 1000,
    StandField.NOT_GOING: 500,
    StandField.GOING: 500,
}


@dataclass(frozen=True, slots=True)
class StandDraft:
    """What the person typed into the declaration modal, not yet checked."""

    source: Source | None
    situation: str
    not_going: str
    going: str
    by_when: date | None
    first_follower_id: str | None = None
    channel_id: str | None = None

    def cleaned(self) -> StandDraft:
        """The same draft with surrounding whitespace trimmed from the free text."""
        return StandDraft(
            source=self.source,
            situation=self.situation.strip(),
            not_going=self.not_going.strip(),
            going=self.going.strip(),
            by_when=self.by_when,
            first_follower_id=self.first_follower_id or None,
            channel_id=self.channel_id or None,
        )


@dataclass(frozen=True, slots=True)
class Stand:
    """A declared stand, as stored."""

    id: int
    workspace: Workspace
    author_id: str
    source: Source
    situation: str
    not_going: str
    going: str
    by_when: date
    status: StandStatus
    created_at: datetime
    first_follower_id: str | None = None
    channel_id: str | None = None
    declaration_ts: str | None = None

    @property
    def is_declared(self) -> bool:
        """Posted in a channel for others to see (not kept private, not still failing)."""
        return self.declaration_ts is not None


def validate_draft(
    draft: StandDraft, *, author_id: str, today: date, first_follower: Person | None = None
) -> dict[StandField, str]:
    """Every rule a declaration must meet, as field → message; empty when it may be stored.

    ``today`` is the author's own date (their time zone), so "in the future" means what
    they mean by it. ``first_follower`` is the person named as first follower, as Slack
    knows them (None when Slack does not know them).
    """
    errors: dict[StandField, str] = {}
    if draft.source is None:
        errors[StandField.SOURCE] = (
            "Choose where this breakthrough comes from: crisis or inspiration."
        )
    texts = {
        StandField.SITUATION: (draft.situation, "Describe the current situation."),
        StandField.NOT_GOING: (draft.not_going, "Say how it is not going to go."),
        StandField.GOING: (draft.going, "Say how it is going to go instead."),
    }
    for field, (text, blank_message) in texts.items():
        limit = MAX_LENGTH[field]
        if not text.strip():
            errors[field] = blank_message
        elif len(text.strip()) > limit:
            errors[field] = f"Keep this to {limit} characters (it is {len(text.strip())})."
    if draft.by_when is None:
        errors[StandField.BY_WHEN] = "Pick the date by when it will be so."
    elif draft.by_when <= today:
        errors[StandField.BY_WHEN] = "Pick a date in the future: a stand is a commitment ahead."
    problem = _first_follower_problem(draft.first_follower_id, author_id, first_follower)
    if problem is not None:
        errors[StandField.FIRST_FOLLOWER] = problem
    if draft.channel_id is not None and not draft.channel_id.startswith(("C", "G")):
        errors[StandField.CHANNEL] = "Pick a channel, or leave it empty to keep the stand private."
    return errors


def _first_follower_problem(
    user_id: str | None, author_id: str, person: Person | None
) -> str | None:
    if user_id is None:
        return None
    if user_id == author_id:
        return (
            "Your first follower is someone else: the person you would ask "
            "“What do you think about this idea?”"
        )
    if person is None or person.user_id != user_id:
        return "I can't find that person in this workspace."
    return first_follower_problem(person)
