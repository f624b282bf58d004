"""A structure form's submission: check who and what before the ack (errors inline, nothing
stored), store, close, then redraw the charter and tell people."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.structure_forms import form_target
from slack_app.blocks.structure_parse import parse_draft, people_named
from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.flows.request import CANT_CHECK
from slack_app.middleware import Deps
from slack_app.services.structure import save_item
from slack_app.slack.people import PeopleUnavailable
from slack_app.slack.structure_changes import after_change

# The first input of each form: where a refusal that is about no one field is shown.
FIRST_FIELD = {
    Kind.MILESTONE: "title",
    Kind.DELIVERABLE: "title",
    Kind.ROLE: "person",
    Kind.FUNDING: "source",
    Kind.APPROVAL: "what",
}
PERSON_FIELD = {
    Kind.MILESTONE: "owner",
    Kind.DELIVERABLE: "owner",
    Kind.ROLE: "person",
    Kind.FUNDING: "committed_by",
    Kind.APPROVAL: "approver",
}


def handle_structure_item(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    actor_id = body["user"]["id"]
    try:
        pilot_id, kind, item_id = form_target(view)
    except (ValueError, KeyError):
        ack(
            response_action="errors",
            errors={_first_input(view): "That form no longer matches anything here."},
        )
        return
    draft = parse_draft(kind, view)
    people: dict[str, Person | None] = {}
    try:
        for user_id in people_named(draft):
            people[user_id] = deps.people.lookup(client, workspace.team_id, user_id)
    except PeopleUnavailable:
        ack(response_action="errors", errors={PERSON_FIELD[kind]: CANT_CHECK})
        return
    try:
        changed = save_item(
            deps.db,
            workspace,
            pilot_id=pilot_id,
            kind=kind,
            item_id=item_id,
            draft=draft,
            actor=Person(actor_id),
            people=people,
            now=deps.now(),
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    except DomainError as refused:
        ack(response_action="errors", errors={FIRST_FIELD[kind]: refused.message})
        return
    ack()
    after_change(client, deps.db, workspace, changed, now=deps.now())


def _first_input(view: dict[str, Any]) -> str:
    blocks = view.get("blocks") or []
    return next((b.get("block_id") for b in blocks if b.get("type") == "input"), "title")
