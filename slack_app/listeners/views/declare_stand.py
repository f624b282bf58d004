"""The declaration modal's submission: check, store, close, then announce."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.declare_stand import parse_declare_stand
from slack_app.domain.errors import InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.workspace import Workspace
from slack_app.listeners.stand_flow import announce
from slack_app.middleware import Deps
from slack_app.services.stands import declare_stand


def handle_declare_stand(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Errors go back inline and nothing is stored; a good stand is stored before the ack.

    Storing before the ack means the modal only closes once the stand is safe, so a
    person never loses what they wrote.
    """
    author_id = body["user"]["id"]
    draft = parse_declare_stand(view).cleaned()
    author = deps.people.lookup(client, workspace.team_id, author_id) or Person(author_id)
    follower = None
    if draft.first_follower_id and draft.first_follower_id != author_id:
        follower = deps.people.lookup(client, workspace.team_id, draft.first_follower_id)
    try:
        stand = declare_stand(
            deps.db,
            workspace,
            author_id=author_id,
            draft=draft,
            today=author.today(deps.now()),
            first_follower=follower,
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    ack()
    announce(client, deps, workspace, stand)
