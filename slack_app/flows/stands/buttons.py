"""Buttons about stands: declare one, try a failed declaration again, open a next step."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import home_overview
from slack_app.flows.stands.declaring import (
    BEING_POSTED,
    open_declare_modal,
    post_declaration,
    record_posts,
    refresh_home,
)
from slack_app.flows.stands.messages import author_dm
from slack_app.flows.stands.next_steps import open_stand_modal
from slack_app.listeners.values import number
from slack_app.middleware import Deps
from slack_app.services import UnitOfWork
from slack_app.services.stands import claim_declaration, get_stand


def handle_open_declare(*, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_declare_modal(client, body["trigger_id"])


def handle_open_stand_modal(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    uow: UnitOfWork,
) -> None:
    """Open the modal of a next step (ask, form, link) for the stand on the button."""
    ack()
    which = Action(action["action_id"])
    open_stand_modal(client, uow, body, which, stand_id=number(action))


def handle_retry_declaration(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    uow: UnitOfWork,
) -> None:
    """Post the declaration again (after the author invited the app), and update the DM.

    The claim is committed before posting, so a second press (or instance) sees it and
    does not post the declaration twice.
    """
    ack()
    stand = get_stand(uow, number(action), author_id=body["user"]["id"])
    claimed = not stand.is_declared and claim_declaration(uow, stand.id, now=deps.now())
    uow.commit()
    problem = None
    if claimed:
        posted = post_declaration(client, stand)
        stand, overview = record_posts(deps.db, workspace, stand, posted)
        problem = posted.problem
    else:
        with deps.db.unit_of_work(workspace) as again:
            stand = get_stand(again, stand.id, author_id=stand.author_id)
            overview = home_overview(again, stand.author_id)
        problem = None if stand.is_declared else BEING_POSTED
    text, blocks = author_dm(stand, problem=problem)
    container = body.get("container") or {}
    client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], text=text, blocks=blocks
    )
    refresh_home(client, stand.author_id, overview)
