"""F1's Slack side, shared by the listeners: post a declaration, tell the author, redraw Home."""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.answering import ask_once
from slack_app.flows.followers.messages import ASKED
from slack_app.flows.notices import effect_dm
from slack_app.flows.stands.messages import author_dm, declaration_message
from slack_app.flows.stands.modal import declare_stand_modal
from slack_app.services import Database, UnitOfWork
from slack_app.services.outbox import Claimed
from slack_app.services.stands import (
    announced,
    find_stand,
    record_declaration,
    release_declaration,
    to_announce,
)
from slack_app.slack.history import find_own_post, marked
from slack_app.slack.posting import Posted, post_in_channel

log = logging.getLogger(__name__)
BEING_POSTED = "Your declaration is being posted right now; it will appear in a moment."


@functools.cache
def declare_view() -> dict[str, Any]:
    """The declaration modal as Slack's JSON, built once: it is the same for everyone, and
    building and serialising Block Kit objects was most of what opening it cost."""
    return declare_stand_modal().to_dict()


def post_declaration(client: WebClient, stand: Stand, *, retry_later: bool = False) -> Posted:
    """Post the declaration where the author chose; the caller holds the claim to post it."""
    if stand.channel_id is None:
        raise ValueError("only a stand with a channel is posted")
    text, blocks = declaration_message(stand)
    return post_in_channel(
        client,
        channel=stand.channel_id,
        text=text,
        blocks=blocks,
        metadata=marked(Metadata.STAND_DECLARED, "stand_id", stand.id),
        retry_later=retry_later,
    )


def record_post(db: Database, ws: Workspace, stand: Stand, posted: Posted) -> Stand:
    """Record where the declaration went, or give the claim to post it up: the stand as
    now stored."""
    with db.unit_of_work(ws) as uow:
        if posted.ts is not None:
            return record_declaration(uow, stand.id, channel_id=posted.channel, ts=posted.ts)
        return release_declaration(uow, stand.id)


def deliver_announcement(client: WebClient, db: Database, effect: Claimed, now: datetime) -> bool:
    """The outbox's announcing of a new stand: post its declaration, DM the first follower
    named the question, then record the author's DM and Home as effects of their own.

    What the posts did is recorded in one transaction with the follow-ups and the effect
    settled (True: the dispatcher has nothing left to record). A post an earlier try may
    have made (cut off mid-call, a process killed, or the question failing after the
    declaration went out) is looked for by its metadata first, so a try redoes only what is
    left. A refusal no retry cures is told to the author.
    """
    payload, in_doubt = effect.payload, effect.may_have_reached_slack
    ask_id = int(payload["ask_id"]) if "ask_id" in payload else None
    with db.unit_of_work(effect.workspace) as uow:
        stand, ask = to_announce(uow, int(payload["stand_id"]), ask_id)
    if stand is None:
        return False  # deleted meanwhile: nothing left to announce
    posted = None
    if stand.channel_id is not None and not stand.is_declared:
        posted = _declaration_once(client, stand, in_doubt=in_doubt)
    asked = ask_once(client, stand, ask, in_doubt=in_doubt) if ask is not None else None
    note = None
    if asked is not None:
        note = asked.dm.problem or ASKED.format(user=asked.ask.user_id)
    with db.unit_of_work(effect.workspace) as uow:
        if posted is not None:
            _record(uow, stand, posted)
        if asked is not None:
            asked.record(uow)
        problem = posted.problem if posted is not None else None
        announced(uow, effect, stand, problem=problem, note=note, now=now)
    return True


def _record(uow: UnitOfWork, stand: Stand, posted: Posted) -> None:
    if posted.ts is not None:
        record_declaration(uow, stand.id, channel_id=posted.channel, ts=posted.ts)
    else:
        release_declaration(uow, stand.id)


def _declaration_once(client: WebClient, stand: Stand, *, in_doubt: bool) -> Posted:
    channel = stand.channel_id or ""
    if in_doubt:
        ts = find_own_post(client, channel, Metadata.STAND_DECLARED, "stand_id", stand.id)
        if ts is not None:
            return Posted(channel, ts=ts)
    return post_declaration(client, stand, retry_later=True)


def deliver_declared_dm(client: WebClient, db: Database, effect: Claimed, _now: datetime) -> None:
    """The outbox's DM to the author of an announced stand: the stand as now stored, where
    it went or why it could not go, and whom it asked."""
    payload = effect.payload
    with db.unit_of_work(effect.workspace) as uow:
        stand = find_stand(uow, int(payload["stand_id"]))
    if stand is None:
        return
    problem = str(payload["problem"]) if "problem" in payload else None
    notes = (str(payload["note"]),) if "note" in payload else ()
    text, blocks = author_dm(stand, problem=problem, notes=notes)
    effect_dm(client, effect, stand.author_id, text, blocks)
