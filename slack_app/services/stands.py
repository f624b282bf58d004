"""Declaring stands and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.followers import Ask
from slack_app.domain.outbox import announce_stand, publish_home, tell_declared
from slack_app.domain.people import Person
from slack_app.domain.stands import Stand, StandDraft, validate_draft
from slack_app.services.outbox import Claimed, settle_with
from slack_app.store.asks import AskRepository
from slack_app.store.stands import StandRepository
from slack_app.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Declared:
    stand: Stand
    ask: Ask | None  # the first follower named in the modal, to be asked


def declare_stand(
    uow: UnitOfWork,
    *,
    author_id: str,
    draft: StandDraft,
    now: datetime,
    today: date,
    first_follower: Person | None = None,
) -> Declared:
    """Store a stand once every rule holds; raise InvalidInput (and store nothing) otherwise.

    A stand with a channel is stored already claimed for posting (a press of the retry
    button can take the claim once it is stale); announcing it is recorded in the outbox,
    in the same transaction.
    """
    draft = draft.cleaned()
    errors = validate_draft(draft, author_id=author_id, today=today, first_follower=first_follower)
    if errors:
        raise InvalidInput({field.value: message for field, message in errors.items()})
    stand = StandRepository(uow).add(author_id=author_id, draft=draft, now=now)
    ask = None
    if draft.first_follower_id is not None:
        # Named in the modal: they are asked, and become the first follower by saying so.
        ask = AskRepository(uow).add(
            stand_id=stand.id, user_id=draft.first_follower_id, now=stand.created_at
        )
    uow.record([announce_stand(stand.id, stand.channel_id, ask.id if ask else None)], now=now)
    return Declared(stand, ask)


def to_announce(
    uow: UnitOfWork, stand_id: int, ask_id: int | None
) -> tuple[Stand | None, Ask | None]:
    """The stand to announce, and the question still to send, as now stored (None: gone)."""
    stand = StandRepository(uow).get(stand_id)
    ask = AskRepository(uow).get(ask_id) if ask_id is not None else None
    return stand, ask if ask is not None and ask.dm_ts is None else None


def announced(
    uow: UnitOfWork,
    effect: Claimed,
    stand: Stand,
    *,
    problem: str | None,
    note: str | None,
    now: datetime,
) -> None:
    """The stand is announced: the author's DM and Home follow, recorded in the transaction
    that settles the announcing, so that however often it is tried they are told once."""
    told = tell_declared(stand.id, problem=problem, note=note)
    uow.record([told, publish_home(stand.author_id)], now=now)
    settle_with(uow, effect, now)


def get_stand(uow: UnitOfWork, stand_id: int, *, author_id: str) -> Stand:
    """The author's own stand; NotFound for another's or another workspace's."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None or stand.author_id != author_id:
        raise NotFound("That stand does not exist, or it is not yours.")
    return stand


def find_stand(uow: UnitOfWork, stand_id: int) -> Stand | None:
    """Any stand of this workspace, or None when there is none by that id."""
    return StandRepository(uow).get(stand_id)


def stand_by_id(uow: UnitOfWork, stand_id: int) -> Stand:
    """Any stand of this workspace (for the app's own work, not a person's request)."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None:
        raise NotFound("That stand no longer exists.")
    return stand


def record_declaration(uow: UnitOfWork, stand_id: int, *, channel_id: str, ts: str) -> Stand:
    """Remember where the declaration was posted, so later messages can thread or link to it."""
    return StandRepository(uow).set_declaration(stand_id, channel_id=channel_id, ts=ts)


# A claim older than this belongs to a request that died half-way; the next may try again.
CLAIM_TIMEOUT = timedelta(minutes=1)


def claim_declaration(uow: UnitOfWork, stand_id: int, *, now: datetime) -> bool:
    """True when this request may post the declaration (nobody posted or is posting it)."""
    return StandRepository(uow).claim_declaration(stand_id, now=now, stale_after=CLAIM_TIMEOUT)


def release_declaration(uow: UnitOfWork, stand_id: int) -> Stand:
    """Give the claim up after a failed post, so the author can try again; the stand."""
    stands = StandRepository(uow)
    stands.release_declaration(stand_id)
    stand = stands.get(stand_id)
    if stand is None:
        raise NotFound("That stand no longer exists.")
    return stand


@dataclass(frozen=True, slots=True)
class StandPage:
    stands: list[Stand]
    total: int


def stands_of(uow: UnitOfWork, author_id: str, *, limit: int) -> StandPage:
    """The author's newest ``limit`` stands and how many there are in all."""
    stands = StandRepository(uow)
    return StandPage(stands.of_author(author_id, limit=limit), stands.count_of_author(author_id))
