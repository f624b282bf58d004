"""F1's Slack side, shared by the listeners: post a declaration, tell the author, redraw Home."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from slack_app.blocks.declare_stand import declare_stand_modal
from slack_app.blocks.ids import Metadata
from slack_app.blocks.stands import author_dm, declaration_message
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.services.stands import (
    Declared,
    claim_declaration,
    get_stand,
    record_declaration,
    release_declaration,
)
from slack_app.slack.errors import best_effort
from slack_app.slack.followers import send_ask
from slack_app.slack.home import publish_home
from slack_app.slack.posting import post_in_channel
from slack_app.store.database import Database

log = logging.getLogger(__name__)
ASKED = (
    ":speech_balloon: I asked <@{user}>: “What do you think about this idea?” "
    "I'll tell you their answer."
)
BEING_POSTED = "Your declaration is being posted right now; it will appear in a moment."


def open_declare_modal(client: WebClient, trigger_id: str) -> None:
    client.views_open(trigger_id=trigger_id, view=declare_stand_modal())


def declare_in_channel(
    client: WebClient, db: Database, ws: Workspace, stand: Stand, *, now: datetime
) -> tuple[Stand, str | None]:
    """Post the declaration where the author chose; the stand as now stored, and any problem.

    The post is claimed in the database first, so a double press or two instances
    never post the same declaration twice.
    """
    if stand.channel_id is None or stand.is_declared:
        return stand, None
    if not claim_declaration(db, ws, stand.id, now=now):
        current = get_stand(db, ws, stand.id, author_id=stand.author_id)
        return current, None if current.is_declared else BEING_POSTED
    text, blocks = declaration_message(stand)
    posted = post_in_channel(
        client,
        channel=stand.channel_id,
        text=text,
        blocks=blocks,
        metadata={"event_type": Metadata.STAND_DECLARED, "event_payload": {"stand_id": stand.id}},
    )
    if posted.ts is None:
        release_declaration(db, ws, stand.id)
        return stand, posted.problem
    return record_declaration(db, ws, stand.id, channel_id=posted.channel, ts=posted.ts), None


def announce(
    client: WebClient, db: Database, ws: Workspace, declared: Declared, *, now: datetime
) -> None:
    """After the modal closes: post the declaration, DM the author, refresh their Home tab.

    The stand is already stored, so a failed DM or Home refresh is logged, not reported
    as a lost action; Home is redrawn on its next opening anyway.
    """
    stand, problem = declare_in_channel(client, db, ws, declared.stand, now=now)
    notes: tuple[str, ...] = ()
    if declared.ask is not None:
        ask_problem = send_ask(client, db, ws, stand, declared.ask)
        notes = (ask_problem or ASKED.format(user=declared.ask.user_id),)
    text, blocks = author_dm(stand, problem=problem, notes=notes)
    best_effort(
        f"DM {stand.author_id}",
        lambda: client.chat_postMessage(channel=stand.author_id, text=text, blocks=blocks),
    )
    best_effort(
        f"refresh the Home tab of {stand.author_id}",
        lambda: publish_home(client, db, ws, stand.author_id),
    )
