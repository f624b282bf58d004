"""F3 modals: form a team in a new pilot channel, or link a channel the team already has."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from slack_app.blocks.ids import Field
from slack_app.domain.channels import name_problem
from slack_app.domain.errors import DomainError
from slack_app.domain.workspace import Workspace
from slack_app.flows.team.forming import finish_unfinished, form_in_channel, link_in_channel
from slack_app.flows.team.messages import parse_form_team, parse_link_channel
from slack_app.middleware import Deps
from slack_app.services.team import Forming, start_forming


def _start(
    ack: Ack,
    client: WebClient,
    *,
    deps: Deps,
    workspace: Workspace,
    stand_id: int | None,
    author_id: str,
) -> Forming | None:
    """Claim the stand for forming; None when there is nothing more for the caller to do:
    refused inline, or a team whose vision never posted, which is finished here instead."""
    if stand_id is None:
        ack(response_action="errors", errors={Field.STAND.value: "Pick a stand."})
        return None
    try:
        forming = start_forming(
            deps.db, workspace, stand_id=stand_id, author_id=author_id, now=deps.now()
        )
    except DomainError as error:
        ack(response_action="errors", errors={Field.STAND.value: error.message})
        return None
    ack()
    if forming.unfinished is not None:
        finish_unfinished(
            client, deps.db, workspace, forming.stand, forming.unfinished, now=deps.now()
        )
        return None
    return forming


def handle_form_team(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    stand_id, name, shielded = parse_form_team(view)
    problem = name_problem(name)
    if problem is not None:
        ack(response_action="errors", errors={Field.CHANNEL_NAME.value: problem})
        return
    forming = _start(
        ack, client, deps=deps, workspace=workspace, stand_id=stand_id, author_id=body["user"]["id"]
    )
    if forming is None:
        return
    form_in_channel(
        client, deps.db, workspace, forming.stand, name=name, private=shielded, now=deps.now()
    )


def handle_link_channel(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    context: BoltContext,
) -> None:
    stand_id, channel_id = parse_link_channel(view)
    if channel_id is None or not channel_id.startswith(("C", "G")):
        ack(response_action="errors", errors={Field.CHANNEL.value: "Pick a channel."})
        return
    forming = _start(
        ack, client, deps=deps, workspace=workspace, stand_id=stand_id, author_id=body["user"]["id"]
    )
    if forming is None:
        return
    link_in_channel(
        client,
        deps.db,
        workspace,
        forming.stand,
        channel_id,
        bot_user_id=context.bot_user_id,
        now=deps.now(),
    )
