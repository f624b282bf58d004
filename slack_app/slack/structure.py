"""F5's Slack side: the forms opened, switched and closed, the charter kept current, owners
told what they now own, and approvals put to their approvers."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.charter import charter_message, charter_modal
from slack_app.blocks.ids import Metadata
from slack_app.blocks.structure_forms import TITLES, structure_form
from slack_app.blocks.text import clip, escape
from slack_app.domain.errors import BrokenInvariant, DomainError, NotAllowed
from slack_app.domain.structure import Deliverable, Item, Kind, Milestone
from slack_app.domain.workspace import Workspace
from slack_app.services.charters import claim_charter, record_charter
from slack_app.services.snapshots import PilotSnapshot, pilot_snapshot
from slack_app.slack.errors import best_effort, error_code
from slack_app.store.database import Database

log = logging.getLogger(__name__)


def form_for(
    snapshot: PilotSnapshot,
    kind: Kind,
    actor_id: str,
    item: Item | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    view = structure_form(
        kind,
        pilot_id=snapshot.pilot.id,
        structure=snapshot.structure,
        dates=snapshot.dates,
        item=item,
        may_grant=actor_id == snapshot.pilot.proposer_id,
        note=note,
    )
    return view.to_dict()


def _owns_some(snapshot: PilotSnapshot, kind: Kind, actor_id: str) -> bool:
    owned: list[Milestone | Deliverable] = []
    if kind is Kind.MILESTONE:
        owned += snapshot.structure.milestones
    elif kind is Kind.DELIVERABLE:
        owned += snapshot.structure.deliverables
    return any(item.owner_id == actor_id for item in owned)


def open_form(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    actor_id: str,
    trigger_id: str,
    kind: Kind,
    pilot_id: int | None = None,
    channel_id: str | None = None,
) -> None:
    """Open the form of ``kind`` for the pilot on the button or of the channel."""
    snapshot = pilot_snapshot(db, ws, actor_id=actor_id, pilot_id=pilot_id, channel_id=channel_id)
    if not snapshot.pilot.open:
        raise DomainError("This pilot is closed, so its structure can't change any more.")
    if not (snapshot.may_edit or _owns_some(snapshot, kind, actor_id)):
        raise NotAllowed(
            f"Only the lead, <@{snapshot.pilot.proposer_id}>, and the people they allow can "
            "change this pilot's structure."
        )
    if kind is Kind.DELIVERABLE and not snapshot.structure.milestones:
        raise DomainError("Add a milestone first: every deliverable belongs to one.")
    note = None if snapshot.may_edit else "You can update the status of the ones you own."
    client.views_open(trigger_id=trigger_id, view=form_for(snapshot, kind, actor_id, note=note))


CHARTER_PASSES = 3
GONE = frozenset({"message_not_found", "cant_update_message", "channel_not_found"})


def refresh_charter(
    client: WebClient, db: Database, ws: Workspace, pilot_id: int, *, now: datetime
) -> None:
    """Post the charter in the pilot channel the first time; edit it in place ever after.

    Two changes at once post it once (the first claims it in the database). Edits that
    race may land out of order, so after each one the charter is drawn again from what is
    stored and edited once more if it moved on. A charter deleted in Slack is posted anew.
    """
    for _ in range(CHARTER_PASSES):
        snapshot = pilot_snapshot(db, ws, actor_id=None, pilot_id=pilot_id)
        team, pilot = snapshot.view.team, snapshot.pilot
        if team is None or team.vision_ts is None:
            return  # no pilot channel yet: the charter waits for the team
        if pilot.charter_ts is None and snapshot.structure.empty:
            return  # nothing to show yet: the first part added posts it
        drawn = charter_message(snapshot.view, snapshot.structure, snapshot.roster)
        outcome = _draw(client, db, ws, snapshot, drawn, now=now)
        if outcome == "busy":
            return  # another request is posting it, with what is stored by then
        if outcome == "gone":
            continue  # post it anew on the next pass
        again = pilot_snapshot(db, ws, actor_id=None, pilot_id=pilot_id)
        if _same(charter_message(again.view, again.structure, again.roster), drawn):
            return


def _same(a: tuple[str, list[Any]], b: tuple[str, list[Any]]) -> bool:
    return a[0] == b[0] and [x.to_dict() for x in a[1]] == [x.to_dict() for x in b[1]]


def _draw(
    client: WebClient,
    db: Database,
    ws: Workspace,
    snapshot: PilotSnapshot,
    drawn: tuple[str, list[Any]],
    *,
    now: datetime,
) -> str:
    """Edit or post the charter: "done"; "busy" when another request is posting it right
    now; "gone" when the message was deleted in Slack (forgotten, to be posted anew)."""
    pilot, team = snapshot.pilot, snapshot.view.team
    if team is None:
        raise BrokenInvariant(f"expected pilot {pilot.id} to have a team when its charter is drawn")
    text, blocks = drawn
    if pilot.charter_channel_id and pilot.charter_ts:
        try:
            client.chat_update(
                channel=pilot.charter_channel_id, ts=pilot.charter_ts, text=text, blocks=blocks
            )
        except SlackApiError as error:
            if error_code(error) not in GONE:
                raise
            log.info("the charter of pilot %s is gone from Slack; posting it again", pilot.id)
            record_charter(db, ws, pilot.id, channel_id=None, ts=None)
            return "gone"
        return "done"
    if not claim_charter(db, ws, pilot.id, now=now):
        return "busy"
    try:
        response = client.chat_postMessage(
            channel=team.channel_id,
            text=text,
            blocks=blocks,
            metadata={"event_type": Metadata.CHARTER, "event_payload": {"pilot_id": pilot.id}},
        )
    except SlackApiError:
        record_charter(db, ws, pilot.id, channel_id=None, ts=None)  # let the next change try
        raise
    record_charter(db, ws, pilot.id, channel_id=team.channel_id, ts=response["ts"])
    return "done"


def removed_note(kind: Kind, item: Item) -> str:
    label = (
        getattr(item, "title", None)
        or getattr(item, "what", None)
        or getattr(item, "source", None)
        or getattr(item, "name", "")
    )
    return f":wastebasket: Removed the {TITLES[kind].lower()} “{escape(clip(str(label), 150))}”."


def show_charter(
    client: WebClient, db: Database, ws: Workspace, command: dict[str, Any], *, now: datetime
) -> None:
    """`/stand charter` in a pilot channel: the full charter to read, and the charter
    message posted there if it is not yet."""
    snapshot = pilot_snapshot(
        db, ws, actor_id=command["user_id"], channel_id=command.get("channel_id")
    )
    client.views_open(
        trigger_id=command["trigger_id"],
        view=charter_modal(snapshot.view, snapshot.structure, snapshot.roster),
    )
    best_effort(
        "post the charter", lambda: refresh_charter(client, db, ws, snapshot.pilot.id, now=now)
    )
