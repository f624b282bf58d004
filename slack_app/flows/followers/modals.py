"""F2 modals: whom to ask, and the note that goes with "Let's talk" or "Not now"."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.blocks.ids import Field
from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.followers import Ask
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.answering import record_answer, send_ask
from slack_app.flows.followers.messages import parse_note
from slack_app.flows.request import Request, refused_on
from slack_app.flows.stands.declaring import ASKED
from slack_app.flows.team.messages import chosen_stand_id
from slack_app.services import Database
from slack_app.services.followers import ask_first_follower


def _selected_user(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(Field.PERSON) or {}).get(Field.PERSON) or {}).get("selected_user")


def handle_ask_follower(req: Request, view: dict[str, Any]) -> None:
    """Refusals inline (themself, a bot, deactivated, already asked); else ask by DM."""
    author_id = req.user_id
    stand_id, user_id = chosen_stand_id(view), _selected_user(view)
    if stand_id is None or user_id is None:
        raise InvalidInput({Field.PERSON.value: "Pick a stand and a person."})
    person = req.person(user_id, field=Field.PERSON.value)
    with refused_on(Field.STAND.value):
        stand, ask = ask_first_follower(
            req.uow,
            stand_id=stand_id,
            author_id=author_id,
            person=person,
            user_id=user_id,
            now=req.now(),
        )
    req.stored()
    client, db, ws = req.client, req.db, req.workspace
    req.after_ack(lambda: _ask(client, db, ws, stand, ask))


def _ask(client: WebClient, db: Database, ws: Workspace, stand: Stand, ask: Ask) -> None:
    """After the modal closes: DM the question, then tell the author it went (or why not)."""
    problem = send_ask(client, db, ws, stand, ask)
    text = problem or ASKED.format(user=ask.user_id)
    client.chat_postMessage(channel=stand.author_id, text=text)


def handle_follower_note(req: Request, view: dict[str, Any]) -> None:
    req.ack()
    try:
        ask_id, answer, note = parse_note(view)
    except (ValueError, KeyError):
        raise NotFound("That question is no longer here.") from None
    record_answer(req, ask_id=ask_id, answer=answer, note=note)
