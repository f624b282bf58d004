"""The proposal modal's submission: check, store, close, then ask the sponsor."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Field
from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.pilots import ProposalField
from slack_app.domain.workspace import Workspace
from slack_app.flows.pilots.modal import parse_proposal
from slack_app.flows.pilots.posting import after_save
from slack_app.flows.request import CANT_CHECK, EARLIEST_ZONE
from slack_app.middleware import Deps
from slack_app.services.pilots import save_proposal
from slack_app.slack.people import PeopleUnavailable


def handle_propose_pilot(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Errors inline, nothing stored; a good proposal is stored before the ack, so the
    modal only closes once it is safe."""
    user_id = body["user"]["id"]
    try:
        form = parse_proposal(view)
    except ValueError:
        form = None
    if form is None or form.stand_id is None:
        ack(response_action="errors", errors={Field.STAND.value: "Pick the stand to pilot."})
        return
    draft = form.draft
    try:
        proposer = deps.people.lookup(client, workspace.team_id, user_id)
    except PeopleUnavailable:
        proposer = None
    sponsor = None
    if draft.sponsor_id and draft.sponsor_id != user_id:
        try:
            sponsor = deps.people.lookup(client, workspace.team_id, draft.sponsor_id)
        except PeopleUnavailable:
            ack(response_action="errors", errors={ProposalField.SPONSOR.value: CANT_CHECK})
            return
    try:
        moved = save_proposal(
            deps.db,
            workspace,
            proposer=proposer or Person(user_id, tz=EARLIEST_ZONE),
            stand_id=form.stand_id,
            pilot_id=form.pilot_id,
            draft=draft,
            shielded=form.shielded,
            send=form.send,
            sponsor=sponsor,
            now=deps.now(),
            version=form.version,
            # Unknown, the zone is UTC: EARLIEST_ZONE only keeps a check from refusing.
            zone=proposer.tz if proposer else "UTC",
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    except DomainError as refused:
        block = Field.STAND.value if form.pilot_id is None else ProposalField.CONCEPT.value
        ack(response_action="errors", errors={block: refused.message})
        return
    ack()
    after_save(client, deps.db, workspace, moved)
