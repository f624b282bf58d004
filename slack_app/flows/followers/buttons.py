"""F2 buttons: the asked person's three answers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.domain.followers import Answer
from slack_app.flows.followers.answering import record_answer
from slack_app.flows.followers.messages import note_modal
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.services import UnitOfWork
from slack_app.services.followers import answerable_ask

BUTTON_ANSWERS = {
    Action.FOLLOWER_IN: Answer.IN,
    Action.FOLLOWER_TALK: Answer.TALK,
    Action.FOLLOWER_NOT_NOW: Answer.NOT_NOW,
}


def handle_answer(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    uow: UnitOfWork,
) -> None:
    """Record "I'm in" at once; "Let's talk" and "Not now" first ask for a note."""
    ack()
    answer = BUTTON_ANSWERS[Action(action["action_id"])]
    user_id = body["user"]["id"]
    ask = answerable_ask(uow, number(action), user_id=user_id)
    if answer is Answer.IN:
        record_answer(
            client,
            deps.db,
            uow,
            ask_id=ask.id,
            user_id=user_id,
            answer=answer,
            note=None,
            now=deps.now(),
        )
    else:
        client.views_open(trigger_id=body["trigger_id"], view=note_modal(ask, answer))
