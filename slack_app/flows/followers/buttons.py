"""F2 buttons: the asked person's three answers."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Action
from slack_app.domain.followers import Answer
from slack_app.flows.followers.answering import record_answer
from slack_app.flows.followers.messages import note_modal
from slack_app.flows.request import Request
from slack_app.flows.values import number
from slack_app.services.followers import answerable_ask

BUTTON_ANSWERS = {
    Action.FOLLOWER_IN: Answer.IN,
    Action.FOLLOWER_TALK: Answer.TALK,
    Action.FOLLOWER_NOT_NOW: Answer.NOT_NOW,
}


def handle_answer(req: Request, action: dict[str, Any]) -> None:
    """Record "I'm in" at once; "Let's talk" and "Not now" first ask for a note."""
    req.ack()
    answer = BUTTON_ANSWERS[Action(action["action_id"])]
    ask = answerable_ask(req.uow, number(action), user_id=req.user_id)
    if answer is Answer.IN:
        record_answer(req, ask_id=ask.id, answer=answer, note=None)
        return
    req.uow.commit()  # only read: closed before Slack opens the note modal
    req.open_modal(note_modal(ask, answer))
