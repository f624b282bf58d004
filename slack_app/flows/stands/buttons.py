"""Buttons about stands: declare one, try a failed declaration again, open a next step."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.domain.errors import NotFound
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import publish_home
from slack_app.flows.request import Request
from slack_app.flows.stands.declaring import (
    BEING_POSTED,
    declare_view,
    post_declaration,
    record_post,
)
from slack_app.flows.stands.messages import author_dm
from slack_app.flows.stands.next_steps import open_stand_modal
from slack_app.flows.values import STALE_BUTTON, number
from slack_app.services import Database
from slack_app.services.stands import claim_declaration, get_stand
from slack_app.slack.errors import best_effort


def handle_open_declare(req: Request) -> None:
    req.ack()
    req.open_modal(declare_view())


def handle_open_stand_modal(req: Request, action: dict[str, Any]) -> None:
    """Open the modal of a next step (ask, form, link) for the stand on the button."""
    req.ack()
    which = Action(action["action_id"])
    open_stand_modal(req, req.body, which, stand_id=number(action))


def handle_retry_declaration(req: Request, action: dict[str, Any]) -> None:
    """Post the declaration again (after the author invited the app), and update the DM.

    The claim is committed before posting, so a second press (or instance) sees it and
    does not post the declaration twice.
    """
    req.ack()
    container = req.body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        raise NotFound(STALE_BUTTON)  # the button is on the author's DM, never elsewhere
    stand = get_stand(req.uow, number(action), author_id=req.user_id)
    claimed = not stand.is_declared and claim_declaration(req.uow, stand.id, now=req.now())
    req.uow.commit()
    client, db, workspace = req.client, req.db, req.workspace
    req.after_ack(
        lambda: retry_declaration(
            client, db, workspace, stand, claimed=claimed, channel=channel, ts=ts
        )
    )


def retry_declaration(
    client: WebClient,
    db: Database,
    ws: Workspace,
    stand: Stand,
    *,
    claimed: bool,
    channel: str,
    ts: str,
) -> None:
    """After the ack: post (when this press holds the claim), record, update the DM the
    button is in, and refresh the author's Home."""
    problem = None
    if claimed:
        posted = post_declaration(client, stand)
        stand = record_post(db, ws, stand, posted)
        problem = posted.problem
    else:
        with db.unit_of_work(ws) as again:
            stand = get_stand(again, stand.id, author_id=stand.author_id)
        problem = None if stand.is_declared else BEING_POSTED
    text, blocks = author_dm(stand, problem=problem)
    client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    best_effort(
        f"refresh the Home tab of {stand.author_id}",
        lambda: publish_home(client, db, ws, stand.author_id),
    )
