"""F2: asking a first follower, and their answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_app.domain.errors import AlreadyDone, InvalidInput, NotAllowed, NotFound
from slack_app.domain.followers import ANSWER_WORDS, Answer, Ask, ask_problem
from slack_app.domain.outbox import send_ask, tell, tell_answer
from slack_app.domain.people import Person
from slack_app.domain.stands import Stand
from slack_app.domain.team import Action, Change, Signal, Team, slack_time_of
from slack_app.services.outbox import Claimed, settle_with
from slack_app.services.team import apply_change, redraw_if_posted
from slack_app.store.asks import AlreadyAsked, AskRepository
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork

PERSON_FIELD = "person"


def ask_first_follower(
    uow: UnitOfWork,
    *,
    stand_id: int,
    author_id: str,
    person: Person | None,
    user_id: str,
    now: datetime,
) -> tuple[Stand, Ask]:
    """Record that the author asks ``user_id``; InvalidInput (keyed ``person``) when not allowed."""
    stand = StandRepository(uow).get(stand_id)
    if stand is None or stand.author_id != author_id:
        raise NotFound("That stand does not exist, or it is not yours.")
    asks = AskRepository(uow)
    asked = asks.exists(stand_id=stand_id, user_id=user_id)
    if person is not None and person.user_id != user_id:
        person = None
    problem = ask_problem(author_id, person, already_asked=asked)
    if problem is not None:
        raise InvalidInput({PERSON_FIELD: problem})
    try:
        ask = asks.add(stand_id=stand_id, user_id=user_id, now=now)
    except AlreadyAsked:
        raise InvalidInput({PERSON_FIELD: "You have already asked this person."}) from None
    uow.record([send_ask(stand.id, ask.id)], now=now)
    return stand, ask


def question_sent(
    uow: UnitOfWork, effect: Claimed, *, author_id: str, news: str, now: datetime
) -> None:
    """The question went (or could not: ``news`` says which): the author is told, in the
    transaction that settles sending it, so they are told once."""
    uow.record([tell(author_id, news)], now=now)
    settle_with(uow, effect, now)


def withdraw_ask(uow: UnitOfWork, ask_id: int) -> None:
    """The question never reached them: forget it, so the author can ask again."""
    AskRepository(uow).remove(ask_id)


def record_ask_dm(uow: UnitOfWork, ask_id: int, *, channel_id: str, ts: str) -> None:
    AskRepository(uow).set_dm(ask_id, channel_id=channel_id, ts=ts)


@dataclass(frozen=True, slots=True)
class Answered:
    """An answer recorded: the ask and stand as now stored, and what followed from it."""

    ask: Ask
    stand: Stand
    first_follower: bool  # they became the stand's first follower
    team: Team | None
    change: Change | None


def get_ask(uow: UnitOfWork, ask_id: int) -> tuple[Ask, Stand]:
    ask = AskRepository(uow).get(ask_id)
    stand = None if ask is None else StandRepository(uow).get(ask.stand_id)
    if ask is None or stand is None:
        raise NotFound("That question is no longer here.")
    return ask, stand


def answerable_ask(uow: UnitOfWork, ask_id: int, *, user_id: str) -> Ask:
    """The ask, when ``user_id`` may still answer it; refused otherwise (before any modal)."""
    ask, _ = get_ask(uow, ask_id)
    if ask.user_id != user_id:
        raise NotAllowed("Only the person who was asked can answer this.")
    if ask.answer is not None:
        raise AlreadyDone(f"You already answered: {ANSWER_WORDS[ask.answer]}.")
    return ask


def answer_ask(
    uow: UnitOfWork,
    *,
    ask_id: int,
    user_id: str,
    answer: Answer,
    note: str | None,
    now: datetime,
) -> Answered:
    """Record the asked person's answer, once. "I'm in" makes the first "yes" the first
    follower, and puts them on the team if one has formed."""
    asks = AskRepository(uow)
    ask = asks.get(ask_id)
    if ask is None:
        raise NotFound("That question is no longer here.")
    if ask.user_id != user_id:
        raise NotAllowed("Only the person who was asked can answer this.")
    if not asks.answer(ask_id, answer=answer, note=note, now=now):
        done = ANSWER_WORDS[ask.answer] if ask.answer else "already"
        raise AlreadyDone(f"You already answered: {done}.")
    stands = StandRepository(uow)
    first = answer is Answer.IN and stands.claim_first_follower(ask.stand_id, user_id)
    stand = stands.get(ask.stand_id)
    if stand is None:
        raise NotFound("That stand no longer exists.")
    team = TeamRepository(uow).of_stand(stand.id)
    change = None
    if team is not None and answer is Answer.IN:
        action = Action(user_id, Signal.FOUNDER, on=True, at=slack_time_of(now))
        change = apply_change(uow, team.id, action, now)
        if change is not None or first:
            redraw_if_posted(uow, team.id, now=now)
    ask = asks.get(ask_id) or ask
    uow.record([tell_answer(ask.id, first_follower=first)], now=now)
    return Answered(ask=ask, stand=stand, first_follower=first, team=team, change=change)


def answered_ask(uow: UnitOfWork, ask_id: int) -> tuple[Stand, Ask] | None:
    """An answered question and its stand, as stored now; None when either is gone."""
    ask = AskRepository(uow).get(ask_id)
    stand = StandRepository(uow).get(ask.stand_id) if ask is not None else None
    return None if ask is None or stand is None else (stand, ask)
