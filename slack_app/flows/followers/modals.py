"""F2 modals: whom to ask, and the note that goes with "Let's talk" or "Not now"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Field
from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.answering import record_answer, send_ask
from slack_app.flows.followers.messages import parse_note
from slack_app.flows.request import CANT_CHECK
from slack_app.flows.stands.declaring import ASKED
from slack_app.flows.team.messages import chosen_stand_id
from slack_app.middleware import Deps
from slack_app.services import UnitOfWork
from slack_app.services.followers import ask_first_follower
from slack_app.slack.people import PeopleUnavailable


def _selected_user(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(Field.PERSON) or {}).get(Field.PERSON) or {}).get("selected_user")


def handle_ask_follower(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    uow: UnitOfWork,
) -> None:
    """Refusals inline (themself, a bot, deactivated, already asked); else ask by DM."""
    author_id = body["user"]["id"]
    stand_id, user_id = chosen_stand_id(view), _selected_user(view)
    if stand_id is None or user_id is None:
        ack(response_action="errors", errors={Field.PERSON.value: "Pick a stand and a person."})
        return
    try:
        person = deps.people.lookup(client, workspace.team_id, user_id)
        stand, ask = ask_first_follower(
            uow,
            stand_id=stand_id,
            author_id=author_id,
            person=person,
            user_id=user_id,
            now=deps.now(),
        )
    except PeopleUnavailable:
        ack(response_action="errors", errors={Field.PERSON.value: CANT_CHECK})
        return
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    except NotFound as missing:
        ack(response_action="errors", errors={Field.STAND.value: missing.message})
        return
    uow.commit()
    ack()
    problem = send_ask(client, deps.db, workspace, stand, ask)
    client.chat_postMessage(channel=author_id, text=problem or ASKED.format(user=user_id))


def handle_follower_note(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    uow: UnitOfWork,
) -> None:
    ack()
    try:
        ask_id, answer, note = parse_note(view)
    except (ValueError, KeyError):
        raise NotFound("That question is no longer here.") from None
    record_answer(
        client,
        deps.db,
        uow,
        ask_id=ask_id,
        user_id=body["user"]["id"],
        answer=answer,
        note=note,
        now=deps.now(),
    )
