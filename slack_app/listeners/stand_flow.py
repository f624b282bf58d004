"""Steps of F1 shared by several listeners: open the modal, announce a stand, refresh Home."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.declare_stand import declare_stand_modal
from slack_app.blocks.home import HOME_STAND_LIMIT, home_view
from slack_app.blocks.ids import Metadata
from slack_app.blocks.stands import author_dm, declaration_message
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.middleware import Deps
from slack_app.services.stands import record_declaration, stands_of
from slack_app.slack.errors import error_code
from slack_app.slack.posting import post_in_channel

log = logging.getLogger(__name__)


def open_declare_modal(client: WebClient, trigger_id: str) -> None:
    client.views_open(trigger_id=trigger_id, view=declare_stand_modal())


def declare_in_channel(
    client: WebClient, d: Deps, ws: Workspace, stand: Stand
) -> tuple[Stand, str | None]:
    """Post the declaration where the author chose; the stand as now stored, and any problem."""
    if stand.channel_id is None or stand.is_declared:
        return stand, None
    text, blocks = declaration_message(stand)
    posted = post_in_channel(
        client,
        channel=stand.channel_id,
        text=text,
        blocks=blocks,
        metadata={
            "event_type": Metadata.STAND_DECLARED.value,
            "event_payload": {"stand_id": stand.id},
        },
    )
    if posted.ts is None:
        return stand, posted.problem
    return record_declaration(d.db, ws, stand.id, channel_id=posted.channel, ts=posted.ts), None


def publish_home(client: WebClient, d: Deps, ws: Workspace, user_id: str) -> None:
    page = stands_of(d.db, ws, user_id, limit=HOME_STAND_LIMIT)
    client.views_publish(user_id=user_id, view=home_view(page.stands, page.total))


def announce(client: WebClient, d: Deps, ws: Workspace, stand: Stand) -> None:
    """After the modal closes: post the declaration, DM the author, refresh their Home tab."""
    stand, problem = declare_in_channel(client, d, ws, stand)
    text, blocks = author_dm(stand, problem=problem)
    client.chat_postMessage(channel=stand.author_id, text=text, blocks=blocks)
    try:
        publish_home(client, d, ws, stand.author_id)
    except SlackApiError as error:
        # The stand is stored and announced; Home is redrawn on its next opening anyway.
        log.warning("could not refresh the Home tab of %s: %s", stand.author_id, error_code(error))
