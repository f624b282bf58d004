"""F4 buttons of the proposer and the pilot channel: propose or edit, send, withdraw,
start, and the pilot's history."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.workspace import Workspace
from slack_app.flows.pilots.messages import trail_modal
from slack_app.flows.pilots.posting import after_move, after_save, open_proposal_modal
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.services.pilot_reads import get_pilot, own_pilot, trail
from slack_app.services.pilots import send_draft, start_pilot, withdraw_pilot
from slack_app.slack.people import PeopleUnavailable


def handle_open_proposal(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Propose a pilot for the stand on the button, or edit its open proposal."""
    ack()
    open_proposal_modal(
        client,
        deps.db,
        workspace,
        user_id=body["user"]["id"],
        trigger_id=body["trigger_id"],
        stand_id=number(action),
    )


def handle_send_pilot(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Send a draft to its sponsor, once the whole proposal holds."""
    ack()
    user_id = body["user"]["id"]
    pilot = own_pilot(deps.db, workspace, number(action), user_id=user_id)
    try:
        proposer = deps.people.lookup(client, workspace.team_id, user_id)
        sponsor_id = pilot.proposal.sponsor_id
        sponsor = deps.people.lookup(client, workspace.team_id, sponsor_id) if sponsor_id else None
    except PeopleUnavailable:
        raise DomainError("I couldn't check the sponsor with Slack just now. Try again.") from None
    try:
        moved = send_draft(
            deps.db,
            workspace,
            pilot.id,
            proposer=proposer or Person(user_id),
            sponsor=sponsor,
            now=deps.now(),
        )
    except InvalidInput as invalid:
        problems = "\n".join(f"• {message}" for message in invalid.errors.values())
        raise DomainError(
            f"The proposal isn't ready to send yet. Press *Edit* and fix:\n{problems}"
        ) from None
    after_save(client, deps.db, workspace, moved)


# The proposer's moves on the pilot, and the news each gives the proposer and the channel.
MOVES = {
    Action.WITHDRAW_PILOT: (
        withdraw_pilot,
        ":leftwards_arrow_with_hook: <@{user}> withdrew the pilot proposal.",
    ),
    Action.START_PILOT: (start_pilot, ":rocket: <@{user}> started the pilot. It is running now."),
}


def handle_pilot_move(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Withdraw or start: the service refuses a move the pilot's state does not allow."""
    ack()
    user_id = body["user"]["id"]
    move, news = MOVES[Action(action["action_id"])]
    moved = move(deps.db, workspace, number(action), user_id=user_id, now=deps.now())
    after_move(client, deps.db, workspace, moved, news.format(user=user_id))


def handle_open_trail(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """The pilot's audit trail, oldest first, in a modal."""
    ack()
    view = get_pilot(deps.db, workspace, number(action))
    entries = trail(deps.db, workspace, view.pilot.id)
    client.views_open(trigger_id=body["trigger_id"], view=trail_modal(view, entries))
