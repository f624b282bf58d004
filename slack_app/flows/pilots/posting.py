"""F4's Slack side: what a change to a pilot records for the outbox (its proposer's DM and
channel header redrawn, its sponsor asked, who is told what), and the redraw's delivery.

The proposer's DM and the header are posted the first time and edited in place ever after;
where each went is recorded the moment it is posted, and when an earlier try may have
posted it, it is looked for (by its metadata) before it is posted again.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import Decision
from slack_app.domain.outbox import (
    Effect,
    publish_home,
    redraw_pilot,
    redraw_request,
    send_request,
    tell,
)
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import PilotState
from slack_app.domain.workspace import Workspace
from slack_app.flows.pilots.messages import pilot_header, proposer_dm
from slack_app.services import Database
from slack_app.services.outbox import Claimed
from slack_app.services.pilot_reads import get_pilot
from slack_app.services.pilots import Moved, record_pilot_dm, record_pilot_header
from slack_app.slack.errors import best_effort, unless_passing
from slack_app.slack.history import find_own_dm, find_own_post, marked

SAVED = "Your changes to the pilot proposal are saved."


def in_channel(view: PilotView, text: str) -> list[Effect]:
    """``text`` posted in the pilot channel, once the team has one with its vision."""
    team = view.team
    return [tell(team.channel_id, text)] if team is not None and team.vision_ts else []


def redrawn(moved: Moved) -> list[Effect]:
    """Requests the change overtook lose their buttons; the proposer's DM, the header and
    their Home show the pilot as it now stands."""
    pilot = moved.view.pilot
    retired = [redraw_request(old.id) for old in moved.stale]
    return [*retired, redraw_pilot(pilot.id), publish_home(pilot.proposer_id)]


def saved(moved: Moved) -> list[Effect]:
    """A proposal saved: redrawn, and put to its sponsor when sent (the proposer hears once
    the request went); an edit of a draft only says it is saved."""
    effects = redrawn(moved)
    if moved.request is not None:
        again = moved.before not in (None, PilotState.DRAFT)
        effects.append(send_request(moved.request.id, again=again))
    elif moved.before is not None:
        effects.append(tell(moved.view.pilot.proposer_id, SAVED))
    return effects


def moved_on(moved: Moved, news: str) -> list[Effect]:
    """Withdrawn or started: redrawn, and the news for the proposer and the channel."""
    return [
        *redrawn(moved),
        tell(moved.view.pilot.proposer_id, news),
        *in_channel(moved.view, news),
    ]


def request_told(
    view: PilotView, request: Decision, problem: str | None, *, again: bool
) -> list[Effect]:
    """Once the sponsor's request went (or could not: ``problem``), the proposer hears
    which, and the pilot channel that the pilot was proposed."""
    proposer, sponsor = view.pilot.proposer_id, request.decider_id
    if problem is not None:
        return [tell(proposer, f":warning: {problem}")]
    version = "the new version of " if again else ""
    title = escape(clip(view.pilot.title, 150))
    return [
        tell(
            proposer,
            f"I sent {version}your pilot proposal to <@{sponsor}> for a decision. "
            "I'll tell you what they decide.",
        ),
        *in_channel(
            view, f":raised_hand: <@{proposer}> proposed the pilot to <@{sponsor}>: {title}"
        ),
    ]


def deliver_pilot(client: WebClient, db: Database, effect: Claimed, _now: datetime) -> None:
    """The outbox's redraw of a pilot: the proposer's DM and the channel header, as stored
    now. A refusal of one (a DM deleted, a person gone) does not keep the other from being
    drawn; Slack's passing trouble tries the whole redraw again."""
    ws, pilot_id = effect.workspace, int(effect.payload["pilot_id"])
    view = _stored(db, ws, pilot_id)
    in_doubt = effect.may_have_reached_slack
    unless_passing("update the proposer's DM", lambda: _draw_dm(client, db, ws, view, in_doubt))
    unless_passing("update the pilot header", lambda: _draw_header(client, db, ws, view, in_doubt))


def _stored(db: Database, ws: Workspace, pilot_id: int) -> PilotView:
    with db.unit_of_work(ws) as uow:
        return get_pilot(uow, pilot_id)


def _draw_dm(
    client: WebClient, db: Database, ws: Workspace, view: PilotView, in_doubt: bool
) -> None:
    """Post the proposer's DM the first time (recorded at once); edit it ever after."""
    pilot = view.pilot
    text, blocks = proposer_dm(view)
    channel, ts = pilot.dm_channel_id, pilot.dm_ts
    if ts is None and in_doubt:
        channel, ts = find_own_dm(
            client, pilot.proposer_id, Metadata.PILOT_DM, "pilot_id", pilot.id
        )
        if ts is not None:
            _record_dm(db, ws, pilot.id, channel, ts)
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        return
    metadata = marked(Metadata.PILOT_DM, "pilot_id", pilot.id)
    response = client.chat_postMessage(
        channel=pilot.proposer_id, text=text, blocks=blocks, metadata=metadata
    )
    _record_dm(db, ws, pilot.id, str(response["channel"]), str(response["ts"]))


def _record_dm(db: Database, ws: Workspace, pilot_id: int, channel: str, ts: str) -> None:
    with db.unit_of_work(ws) as uow:
        record_pilot_dm(uow, pilot_id, channel_id=channel, ts=ts)


def _draw_header(
    client: WebClient, db: Database, ws: Workspace, view: PilotView, in_doubt: bool
) -> None:
    """The pilot channel's header, once the proposal has left the drafts: posted and pinned
    once (recorded at once), then edited in place."""
    pilot, team = view.pilot, view.team
    if team is None or team.roster_ts is None:
        return  # the team's own messages come first (its forming redraws the pilot after)
    if pilot.header_ts is None and pilot.state in (PilotState.DRAFT, PilotState.WITHDRAWN):
        return  # a draft stays the proposer's own
    text, blocks = pilot_header(view)
    channel, ts = pilot.header_channel_id, pilot.header_ts
    if ts is None and in_doubt:
        channel = team.channel_id
        ts = find_own_post(client, channel, Metadata.PILOT_HEADER, "pilot_id", pilot.id)
        if ts is not None:
            _record_header(db, ws, pilot.id, channel, ts)
            _pin(client, channel, ts)
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        return
    response = client.chat_postMessage(
        channel=team.channel_id,
        text=text,
        blocks=blocks,
        metadata=marked(Metadata.PILOT_HEADER, "pilot_id", pilot.id),
    )
    _record_header(db, ws, pilot.id, team.channel_id, str(response["ts"]))
    _pin(client, team.channel_id, str(response["ts"]))


def _record_header(db: Database, ws: Workspace, pilot_id: int, channel: str, ts: str) -> None:
    with db.unit_of_work(ws) as uow:
        record_pilot_header(uow, pilot_id, channel_id=channel, ts=ts)


def _pin(client: WebClient, channel: str, ts: str) -> None:
    best_effort("pin the pilot header", lambda: client.pins_add(channel=channel, timestamp=ts))
