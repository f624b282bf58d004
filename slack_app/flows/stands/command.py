"""`/stand` and its sub-commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.help import help_message
from slack_app.blocks.ids import DECLARE_ALIASES, Action, Subcommand
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.flows.stands.declaring import open_declare_modal
from slack_app.flows.stands.messages import LIST_LIMIT, stand_list
from slack_app.flows.stands.next_steps import open_stand_modal
from slack_app.middleware import Deps
from slack_app.services import UnitOfWork
from slack_app.services.home import stands_overview
from slack_app.slack.pilots import open_proposal_modal
from slack_app.slack.schedule import open_schedule
from slack_app.slack.structure import open_form, show_charter

STRUCTURE_FORMS = {
    Subcommand.MILESTONE: Kind.MILESTONE,
    Subcommand.DELIVERABLE: Kind.DELIVERABLE,
    Subcommand.ROLE: Kind.ROLE,
    Subcommand.FUNDING: Kind.FUNDING,
    Subcommand.APPROVAL: Kind.APPROVAL,
}
STAND_MODALS = {
    Subcommand.ASK: Action.OPEN_ASK,
    Subcommand.TEAM: Action.OPEN_FORM_TEAM,
    Subcommand.LINK: Action.OPEN_LINK_CHANNEL,
}


def parse_subcommand(text: str) -> tuple[Subcommand | None, str]:
    """The sub-command (None when unknown) and the word the person typed."""
    words = text.strip().split(maxsplit=1)
    word = words[0] if words else ""
    name = "" if word.lower() in DECLARE_ALIASES else word.lower()
    try:
        return Subcommand(name), word
    except ValueError:
        return None, word


def handle_stand(
    *,
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    uow: UnitOfWork,
) -> None:
    """`/stand` opens the declaration modal; `list` and `help` answer only the person."""
    subcommand, word = parse_subcommand(command.get("text") or "")
    if subcommand is Subcommand.DECLARE:
        ack()
        open_declare_modal(client, command["trigger_id"])
        return
    if subcommand in STAND_MODALS:
        ack()
        open_stand_modal(client, uow, command, STAND_MODALS[subcommand], stand_id=None)
        return
    if subcommand in STRUCTURE_FORMS:
        ack()
        open_form(
            client,
            deps.db,
            workspace,
            actor_id=command["user_id"],
            trigger_id=command["trigger_id"],
            kind=STRUCTURE_FORMS[subcommand],
            channel_id=command.get("channel_id"),
        )
        return
    if subcommand is Subcommand.SCHEDULE:
        ack()
        open_schedule(
            client,
            deps.db,
            workspace,
            actor_id=command["user_id"],
            trigger_id=command["trigger_id"],
            channel_id=command.get("channel_id"),
        )
        return
    if subcommand is Subcommand.CHARTER:
        ack()
        show_charter(client, deps.db, workspace, command, now=deps.now())
        return
    if subcommand is Subcommand.PILOT:
        ack()
        open_proposal_modal(
            client,
            deps.db,
            workspace,
            user_id=command["user_id"],
            trigger_id=command["trigger_id"],
            stand_id=None,
            channel_id=command.get("channel_id"),
        )
        return
    if subcommand is Subcommand.LIST:
        overview = stands_overview(uow, command["user_id"], limit=LIST_LIMIT)
        text, blocks = stand_list(
            overview.page.stands, overview.page.total, overview.teams, overview.pilots
        )
    else:
        text, blocks = help_message(unknown=None if subcommand is Subcommand.HELP else word)
    ack(text=text, blocks=blocks, response_type="ephemeral")
