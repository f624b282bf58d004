"""The declaration modal's submission: check, store, close, then announce."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from slack_app.blocks.declare_stand import parse_declare_stand
from slack_app.domain.errors import InvalidInput
from slack_app.domain.people import Person
from slack_app.listeners.stand_flow import announce
from slack_app.middleware import deps, workspace_of
from slack_app.services.stands import declare_stand


def handle_declare_stand(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Errors go back inline and nothing is stored; a good stand is stored before the ack.

    Storing before the ack means the modal only closes once the stand is safe, so a
    person never loses what they wrote.
    """
    d, ws = deps(context), workspace_of(context)
    author_id = body["user"]["id"]
    draft = parse_declare_stand(view).cleaned()
    author = d.people.lookup(client, ws.team_id, author_id) or Person(author_id)
    follower = None
    if draft.first_follower_id and draft.first_follower_id != author_id:
        follower = d.people.lookup(client, ws.team_id, draft.first_follower_id)
    try:
        stand = declare_stand(
            d.db,
            ws,
            author_id=author_id,
            draft=draft,
            today=author.today(d.now()),
            first_follower=follower,
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    ack()
    announce(client, d, ws, stand)
