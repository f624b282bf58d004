"""F1's Slack side, shared by the listeners: post a declaration, tell the author, redraw Home."""

from __future__ import annotations

import functools
import logging
from typing import Any

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.answering import AskSent, post_ask
from slack_app.flows.home.tab import home_overview, show_home
from slack_app.flows.stands.messages import author_dm, declaration_message
from slack_app.flows.stands.modal import declare_stand_modal
from slack_app.services import Database
from slack_app.services.home import StandsOverview
from slack_app.services.stands import Declared, record_declaration, release_declaration
from slack_app.slack.errors import best_effort
from slack_app.slack.posting import Posted, post_in_channel

log = logging.getLogger(__name__)
ASKED = (
    ":speech_balloon: I asked <@{user}>: “What do you think about this idea?” "
    "I'll tell you their answer."
)
BEING_POSTED = "Your declaration is being posted right now; it will appear in a moment."


@functools.cache
def declare_view() -> dict[str, Any]:
    """The declaration modal as Slack's JSON, built once: it is the same for everyone, and
    building and serialising Block Kit objects was most of what opening it cost."""
    return declare_stand_modal().to_dict()


def post_declaration(client: WebClient, stand: Stand) -> Posted:
    """Post the declaration where the author chose; the caller holds the claim to post it."""
    if stand.channel_id is None:
        raise ValueError("only a stand with a channel is posted")
    text, blocks = declaration_message(stand)
    return post_in_channel(
        client,
        channel=stand.channel_id,
        text=text,
        blocks=blocks,
        metadata={"event_type": Metadata.STAND_DECLARED, "event_payload": {"stand_id": stand.id}},
    )


def record_posts(
    db: Database, ws: Workspace, stand: Stand, posted: Posted | None, asked: AskSent | None = None
) -> tuple[Stand, StandsOverview]:
    """Record what the posts did (or give the claim up), in one unit of work with loading
    what the author's Home shows: the stand as now stored, and that Home."""
    with db.unit_of_work(ws) as uow:
        if posted is not None and posted.ts is not None:
            stand = record_declaration(uow, stand.id, channel_id=posted.channel, ts=posted.ts)
        elif posted is not None:
            stand = release_declaration(uow, stand.id)
        if asked is not None:
            asked.record(uow)
        return stand, home_overview(uow, stand.author_id)


def refresh_home(client: WebClient, user_id: str, overview: StandsOverview) -> None:
    best_effort(f"refresh the Home tab of {user_id}", lambda: show_home(client, user_id, overview))


def announce(client: WebClient, db: Database, ws: Workspace, declared: Declared) -> None:
    """After the modal closes: post the declaration, ask the first follower named, record
    both, DM the author and refresh their Home tab.

    The stand is already stored (and claimed for posting), so a failed DM or Home refresh
    is logged, not reported as a lost action; Home is redrawn on its next opening anyway.
    """
    stand = declared.stand
    posted = post_declaration(client, stand) if stand.channel_id is not None else None
    asked = post_ask(client, stand, declared.ask) if declared.ask is not None else None
    notes: tuple[str, ...] = ()
    if asked is not None:
        notes = (asked.dm.problem or ASKED.format(user=asked.ask.user_id),)
    stand, overview = record_posts(db, ws, stand, posted, asked)
    text, blocks = author_dm(stand, problem=posted.problem if posted else None, notes=notes)
    best_effort(
        f"DM {stand.author_id}",
        lambda: client.chat_postMessage(channel=stand.author_id, text=text, blocks=blocks),
    )
    refresh_home(client, stand.author_id, overview)
