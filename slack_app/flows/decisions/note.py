"""The note that goes with "Request changes" or "Decline"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Field
from slack_app.domain.decisions import StaleRequest
from slack_app.domain.errors import AlreadyDone, DomainError, NotFound
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import parse_note
from slack_app.flows.decisions.requests import redraw_request, show_decided
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.middleware import Deps
from slack_app.services.decisions import make_decision
from slack_app.services.subjects import SUBJECTS

NOTE_REQUIRED = "Say what would need to change, or why not: a note is required."


def handle_decision_note(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Decided before the ack: a blank note or a refusal keeps the modal open, note and all,
    and says why; the messages follow once it has closed."""
    try:
        decision_id, verdict, note = parse_note(view)
    except (ValueError, KeyError):
        ack()
        raise NotFound("That request is no longer here.") from None
    if not note:
        ack(response_action="errors", errors={Field.NOTE.value: NOTE_REQUIRED})
        return
    try:
        decided = make_decision(
            deps.db,
            workspace,
            SUBJECTS,
            decision_id=decision_id,
            actor_id=body["user"]["id"],
            verdict=verdict,
            note=note,
            now=deps.now(),
        )
    except DomainError as refused:  # the modal stays open with the note in it
        ack(response_action="errors", errors={Field.NOTE.value: refused.message})
        if isinstance(refused, AlreadyDone | StaleRequest):
            redraw_request(client, deps.db, workspace, PRESENTERS, decision_id)
        return
    ack()
    show_decided(client, deps.db, workspace, PRESENTERS, decided)
