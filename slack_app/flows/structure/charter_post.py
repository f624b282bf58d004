"""The charter in the pilot channel: posted the first time, edited in place ever after, and
`/stand charter` to read it whole."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from slack_app.blocks.ids import Metadata
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.outbox import redraw_charter as redraw_charter_effect
from slack_app.domain.workspace import Workspace
from slack_app.flows.redrawing import redraw_until_settled
from slack_app.flows.request import Request
from slack_app.flows.structure.charter import charter_message, charter_modal
from slack_app.services import Database
from slack_app.services.charters import claim_charter, record_charter
from slack_app.services.outbox import Claimed
from slack_app.services.snapshots import PilotSnapshot, load_snapshot
from slack_app.slack.errors import error_code
from slack_app.slack.history import find_own_post, marked

log = logging.getLogger(__name__)
GONE = frozenset({"message_not_found", "cant_update_message", "channel_not_found"})
Drawn = tuple[str, list[Block]]


class CharterBeingPosted(RuntimeError):
    """Another delivery holds the claim to post the charter: this one is tried again."""


def deliver_charter(client: WebClient, db: Database, effect: Claimed, now: datetime) -> None:
    """The outbox's redraw of a pilot's charter, as stored now (posted the first time). When
    an earlier try may have posted it, it is looked for first; when another delivery is
    posting it right now, this one is tried again rather than dropped."""
    ws, pilot_id = effect.workspace, int(effect.payload["pilot_id"])
    snapshot = _stored(db, ws, pilot_id)
    team = snapshot.view.team
    if effect.may_have_reached_slack and snapshot.pilot.charter_ts is None and team is not None:
        ts = find_own_post(client, team.channel_id, Metadata.CHARTER, "pilot_id", pilot_id)
        if ts is not None:
            snapshot = _recorded(db, ws, pilot_id, channel_id=team.channel_id, ts=ts)
    redraw_charter(client, db, ws, snapshot, now=now)
    if snapshot.pilot.charter_ts is not None:
        return  # edited in place: only a first post can meet another delivery's claim
    after = _stored(db, ws, pilot_id)
    if after.pilot.charter_ts is None and _charter(after) is not None:
        raise CharterBeingPosted(f"the charter of pilot {pilot_id} is being posted elsewhere")


def _stored(db: Database, ws: Workspace, pilot_id: int) -> PilotSnapshot:
    with db.unit_of_work(ws) as uow:
        return load_snapshot(uow, actor_id=None, pilot_id=pilot_id)


def redraw_charter(
    client: WebClient, db: Database, ws: Workspace, snapshot: PilotSnapshot, *, now: datetime
) -> None:
    """Post the charter in the pilot channel the first time; edit it in place ever after.

    ``snapshot`` is the pilot as the request committed it, so the charter is drawn without
    loading it again. Two changes at once post it once (the first claims it in the
    database). Edits that race may land out of order, so after each one the charter is read
    back and edited once more if it moved on. A charter deleted in Slack is posted anew.
    """
    drawing = _Drawing(client, db, ws, now)
    redraw_until_settled(snapshot, draw=_charter, edit=drawing.edit)


def _charter(snapshot: PilotSnapshot) -> Drawn | None:
    """The charter message, or None while there is none to show."""
    team, pilot = snapshot.view.team, snapshot.pilot
    if team is None or team.vision_ts is None:
        return None  # no pilot channel yet: the charter waits for the team
    if pilot.charter_ts is None and snapshot.structure.empty:
        return None  # nothing to show yet: the first part added posts it
    return charter_message(snapshot.view, snapshot.structure, snapshot.roster)


@dataclass(frozen=True, slots=True)
class _Drawing:
    """One request's drawing of a pilot's charter: its Slack client, its store, its time."""

    client: WebClient
    db: Database
    ws: Workspace
    now: datetime

    def edit(self, snapshot: PilotSnapshot, drawn: Drawn) -> PilotSnapshot | None:
        """Edit the charter, or post it (anew, when the message was deleted in Slack); then
        the pilot as stored. None when another request is posting it right now (with what
        is stored by then), or when, deleted, there is nothing to show any more."""
        pilot = snapshot.pilot
        if not (pilot.charter_channel_id and pilot.charter_ts):
            return self.post(snapshot, drawn)
        text, blocks = drawn
        try:
            self.client.chat_update(
                channel=pilot.charter_channel_id, ts=pilot.charter_ts, text=text, blocks=blocks
            )
        except SlackApiError as error:
            if error_code(error) not in GONE:
                raise
            log.info("the charter of pilot %s is gone from Slack; posting it again", pilot.id)
            stored = _recorded(self.db, self.ws, pilot.id, channel_id=None, ts=None)
            again = _charter(stored)
            return None if again is None else self.post(stored, again)
        return _stored(self.db, self.ws, pilot.id)

    def post(self, snapshot: PilotSnapshot, drawn: Drawn) -> PilotSnapshot | None:
        """Post the charter, once claimed (None when another request claimed it first)."""
        pilot, team, db, ws = snapshot.pilot, snapshot.view.team, self.db, self.ws
        if team is None:
            raise BrokenInvariant(
                f"expected pilot {pilot.id} to have a team when its charter is drawn"
            )
        with db.unit_of_work(ws) as uow:
            claimed = claim_charter(uow, pilot.id, now=self.now)
        if not claimed:
            return None
        text, blocks = drawn
        try:
            response = self.client.chat_postMessage(
                channel=team.channel_id,
                text=text,
                blocks=blocks,
                metadata=marked(Metadata.CHARTER, "pilot_id", pilot.id),
            )
        except Exception:  # refused, or cut off: give the claim up, for the next try
            _recorded(db, ws, pilot.id, channel_id=None, ts=None)
            raise
        return _recorded(db, ws, pilot.id, channel_id=team.channel_id, ts=response["ts"])


def _recorded(
    db: Database, ws: Workspace, pilot_id: int, *, channel_id: str | None, ts: str | None
) -> PilotSnapshot:
    """Remember where the charter is (ending the claim); the pilot as stored then, read in
    the same transaction."""
    with db.unit_of_work(ws) as uow:
        record_charter(uow, pilot_id, channel_id=channel_id, ts=ts)
        return load_snapshot(uow, actor_id=None, pilot_id=pilot_id)


def show_charter(req: Request, command: dict[str, Any]) -> None:
    """`/stand charter` in a pilot channel: the full charter to read, and the charter
    message posted there if it is not yet."""
    snapshot = load_snapshot(req.uow, actor_id=req.user_id, channel_id=command.get("channel_id"))
    req.uow.record([redraw_charter_effect(snapshot.pilot.id)], now=req.now())
    req.uow.commit()
    modal = charter_modal(snapshot.view, snapshot.structure, snapshot.roster)
    req.open_modal(modal, trigger_id=command["trigger_id"])
