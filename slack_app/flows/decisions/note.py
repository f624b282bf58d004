"""The note that goes with "Request changes" or "Decline"."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Field
from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.flows.decisions.deciding import OVERTAKEN, decision_made, redraw
from slack_app.flows.decisions.messages import parse_note
from slack_app.flows.request import Request, refused_on

NOTE_REQUIRED = "Say what would need to change, or why not: a note is required."


def handle_decision_note(req: Request, view: dict[str, Any]) -> None:
    """Decided before the ack: a blank note or a refusal keeps the modal open, note and all,
    and says why; the messages follow, by the outbox, once it has closed."""
    try:
        decision_id, verdict, note = parse_note(view)
    except (ValueError, KeyError):
        req.ack()
        raise NotFound("That request is no longer here.") from None
    if not note:
        raise InvalidInput({Field.NOTE.value: NOTE_REQUIRED})
    with refused_on(Field.NOTE.value):
        try:
            decision_made(req, decision_id, verdict, note)
        except OVERTAKEN as overtaken:
            # The modal says why at once; the old request DM is redrawn by the outbox.
            req.uow.rollback()
            req.ack(response_action="errors", errors={Field.NOTE.value: overtaken.message})
            redraw(req, decision_id)
            return
    req.stored()
