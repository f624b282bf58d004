"""F2 modals: whom to ask, and the note that goes with "Let's talk" or "Not now"."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Field
from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.flows.followers.answering import record_answer
from slack_app.flows.followers.messages import parse_note
from slack_app.flows.request import Request, refused_on
from slack_app.flows.team.messages import chosen_stand_id
from slack_app.services.followers import ask_first_follower
from slack_app.services.stands import get_stand


def _selected_user(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(Field.PERSON) or {}).get(Field.PERSON) or {}).get("selected_user")


def handle_ask_follower(req: Request, view: dict[str, Any]) -> None:
    """Refusals inline (themself, a bot, deactivated, already asked); else stored, and the
    question DMed through the outbox."""
    author_id = req.user_id
    stand_id, user_id = chosen_stand_id(view), _selected_user(view)
    if stand_id is None or user_id is None:
        raise InvalidInput({Field.PERSON.value: "Pick a stand and a person."})
    with refused_on(Field.STAND.value):  # before Slack is asked about anyone
        req.check_first(lambda uow: get_stand(uow, stand_id, author_id=author_id))
    person = req.person(user_id, field=Field.PERSON.value)
    with refused_on(Field.STAND.value):
        ask_first_follower(
            req.uow,
            stand_id=stand_id,
            author_id=author_id,
            person=person,
            user_id=user_id,
            now=req.now(),
        )
    req.stored()  # with the question's DM, in the outbox


def handle_follower_note(req: Request, view: dict[str, Any]) -> None:
    """Answered before the ack: a refusal keeps the modal open, the note in it, and says
    why; the author's news follows by the outbox once it has closed."""
    with refused_on(Field.NOTE.value):
        try:
            ask_id, answer, note = parse_note(view)
        except (ValueError, KeyError):
            raise NotFound("That question is no longer here.") from None
        record_answer(req, ask_id=ask_id, answer=answer, note=note)
    req.ack()
