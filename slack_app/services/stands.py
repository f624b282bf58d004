"""Declaring stands and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.followers import Ask
from slack_app.domain.people import Person
from slack_app.domain.stands import Stand, StandDraft, validate_draft
from slack_app.domain.workspace import Workspace
from slack_app.store.asks import AskRepository
from slack_app.store.database import Database
from slack_app.store.stands import StandRepository


@dataclass(frozen=True, slots=True)
class Declared:
    stand: Stand
    ask: Ask | None  # the first follower named in the modal, to be asked


def declare_stand(
    db: Database,
    workspace: Workspace,
    *,
    author_id: str,
    draft: StandDraft,
    now: datetime,
    today: date,
    first_follower: Person | None = None,
) -> Declared:
    """Store a stand once every rule holds; raise InvalidInput (and store nothing) otherwise."""
    draft = draft.cleaned()
    errors = validate_draft(draft, author_id=author_id, today=today, first_follower=first_follower)
    if errors:
        raise InvalidInput({field.value: message for field, message in errors.items()})
    with db.transaction() as session:
        stand = StandRepository(session, workspace).add(author_id=author_id, draft=draft, now=now)
        ask = None
        if draft.first_follower_id is not None:
            # Named in the modal: they are asked, and become the first follower by saying so.
            ask = AskRepository(session, workspace).add(
                stand_id=stand.id, user_id=draft.first_follower_id, now=stand.created_at
            )
        return Declared(stand, ask)


def get_stand(db: Database, workspace: Workspace, stand_id: int, *, author_id: str) -> Stand:
    """The author's own stand; NotFound for another's or another workspace's."""
    with db.transaction() as session:
        stand = StandRepository(session, workspace).get(stand_id)
    if stand is None or stand.author_id != author_id:
        raise NotFound("That stand does not exist, or it is not yours.")
    return stand


def stand_by_id(db: Database, workspace: Workspace, stand_id: int) -> Stand:
    """Any stand of this workspace (for the app's own work, not a person's request)."""
    with db.transaction() as session:
        stand = StandRepository(session, workspace).get(stand_id)
    if stand is None:
        raise NotFound("That stand no longer exists.")
    return stand


def record_declaration(
    db: Database, workspace: Workspace, stand_id: int, *, channel_id: str, ts: str
) -> Stand:
    """Remember where the declaration was posted, so later messages can thread or link to it."""
    with db.transaction() as session:
        return StandRepository(session, workspace).set_declaration(
            stand_id, channel_id=channel_id, ts=ts
        )


# A claim older than this belongs to a request that died half-way; the next may try again.
CLAIM_TIMEOUT = timedelta(minutes=1)


def claim_declaration(db: Database, workspace: Workspace, stand_id: int, *, now: datetime) -> bool:
    """True when this request may post the declaration (nobody posted or is posting it)."""
    with db.transaction() as session:
        return StandRepository(session, workspace).claim_declaration(
            stand_id, now=now, stale_after=CLAIM_TIMEOUT
        )


def release_declaration(db: Database, workspace: Workspace, stand_id: int) -> None:
    with db.transaction() as session:
        StandRepository(session, workspace).release_declaration(stand_id)


@dataclass(frozen=True, slots=True)
class StandPage:
    stands: list[Stand]
    total: int


def stands_of(db: Database, workspace: Workspace, author_id: str, *, limit: int) -> StandPage:
    """The author's newest ``limit`` stands and how many there are in all."""
    with db.transaction() as session:
        repo = StandRepository(session, workspace)
        return StandPage(repo.of_author(author_id, limit=limit), repo.count_of_author(author_id))
