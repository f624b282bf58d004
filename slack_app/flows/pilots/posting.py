"""F4's Slack side: the proposal modal, the proposer's DM and the channel header kept
current, the sponsor's request, and who is told what after each change."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import PilotState
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.decisions.requests import send_request, show_request
from slack_app.flows.home.tab import publish_home
from slack_app.flows.pilots.messages import (
    decision_news,
    pilot_header,
    proposer_dm,
    request_content,
)
from slack_app.flows.pilots.modal import proposal_modal
from slack_app.services import Database
from slack_app.services.pilot_reads import get_pilot, proposal_form
from slack_app.services.pilots import Moved, record_pilot_dm, record_pilot_header
from slack_app.slack.errors import best_effort

log = logging.getLogger(__name__)


def open_proposal_modal(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    user_id: str,
    trigger_id: str,
    stand_id: int | None,
    channel_id: str | None = None,
) -> None:
    form = proposal_form(db, ws, user_id=user_id, stand_id=stand_id, channel_id=channel_id)
    view = proposal_modal(form.stands, form.stand, form.pilot, form.team)
    client.views_open(trigger_id=trigger_id, view=view)


def refresh_proposer_dm(client: WebClient, db: Database, ws: Workspace, view: PilotView) -> None:
    """Post the proposer's DM the first time; edit it in place ever after."""
    pilot = view.pilot
    text, blocks = proposer_dm(view)
    if pilot.dm_channel_id and pilot.dm_ts:
        client.chat_update(channel=pilot.dm_channel_id, ts=pilot.dm_ts, text=text, blocks=blocks)
        return
    response = client.chat_postMessage(channel=pilot.proposer_id, text=text, blocks=blocks)
    record_pilot_dm(db, ws, pilot.id, channel_id=response["channel"], ts=response["ts"])


def refresh_header(client: WebClient, db: Database, ws: Workspace, view: PilotView) -> None:
    """The pilot channel's header, once the proposal has left the drafts: posted and pinned
    once, then edited in place."""
    pilot, team = view.pilot, view.team
    if team is None or team.vision_ts is None:
        return
    if pilot.header_ts is None and pilot.state in (PilotState.DRAFT, PilotState.WITHDRAWN):
        return  # a draft stays the proposer's own
    text, blocks = pilot_header(view)
    if pilot.header_channel_id and pilot.header_ts:
        client.chat_update(
            channel=pilot.header_channel_id, ts=pilot.header_ts, text=text, blocks=blocks
        )
        return
    response = client.chat_postMessage(
        channel=team.channel_id,
        text=text,
        blocks=blocks,
        metadata={"event_type": Metadata.PILOT_HEADER, "event_payload": {"pilot_id": pilot.id}},
    )
    record_pilot_header(db, ws, pilot.id, channel_id=team.channel_id, ts=response["ts"])
    best_effort(
        "pin the pilot header",
        lambda: client.pins_add(channel=team.channel_id, timestamp=response["ts"]),
    )


def refresh(client: WebClient, db: Database, ws: Workspace, pilot_id: int) -> PilotView:
    """Redraw the proposer's DM and the channel header from what is stored now."""
    view = get_pilot(db, ws, pilot_id)
    best_effort("update the proposer's DM", lambda: refresh_proposer_dm(client, db, ws, view))
    best_effort("update the pilot header", lambda: refresh_header(client, db, ws, view))
    proposer = view.pilot.proposer_id
    best_effort("refresh the Home tab", lambda: publish_home(client, db, ws, proposer))
    return view


def post_in_channel(client: WebClient, view: PilotView, text: str) -> None:
    if view.team is not None and view.team.vision_ts is not None:
        channel = view.team.channel_id
        best_effort(
            "tell the pilot channel", lambda: client.chat_postMessage(channel=channel, text=text)
        )


def tell_proposer(client: WebClient, view: PilotView, text: str) -> None:
    proposer = view.pilot.proposer_id
    best_effort("tell the proposer", lambda: client.chat_postMessage(channel=proposer, text=text))


def after_save(client: WebClient, db: Database, ws: Workspace, moved: Moved) -> None:
    """A proposal was saved: redraw, retire stale requests, ask the sponsor, tell people."""
    _retire(client, db, ws, moved.stale)
    view = refresh(client, db, ws, moved.view.pilot.id)
    if moved.request is None:
        if moved.before is not None:
            tell_proposer(client, view, "Your changes to the pilot proposal are saved.")
        return
    content = request_content(view, stale=False)
    problem = send_request(client, db, ws, moved.request, content)
    sponsor = moved.request.decider_id
    if problem is not None:
        tell_proposer(client, view, f":warning: {problem}")
        return
    again = "the new version of " if moved.before is not PilotState.DRAFT and moved.before else ""
    tell_proposer(
        client,
        view,
        f"I sent {again}your pilot proposal to <@{sponsor}> for a decision. "
        "I'll tell you what they decide.",
    )
    title = escape(clip(view.pilot.title, 150))
    post_in_channel(
        client,
        view,
        f":raised_hand: <@{view.pilot.proposer_id}> proposed the pilot to <@{sponsor}>: {title}",
    )


def _retire(client: WebClient, db: Database, ws: Workspace, stale: list[Decision]) -> None:
    """Requests overtaken by an edit or a withdrawal: their DMs lose the buttons."""
    for old in stale:
        view = get_pilot(db, ws, old.subject_id)
        show_request(client, old, request_content(view, stale=True))


def after_move(client: WebClient, db: Database, ws: Workspace, moved: Moved, news: str) -> None:
    """Withdrawn or started: redraw everything and say so."""
    _retire(client, db, ws, moved.stale)
    view = refresh(client, db, ws, moved.view.pilot.id)
    tell_proposer(client, view, news)
    post_in_channel(client, view, news)


class PilotPresenter:
    """Pilots in the decision mechanism: the sponsor's DM and the news after a decision."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        view = get_pilot(db, ws, decision.subject_id)
        pilot = view.pilot
        stale = pilot.state is not PilotState.PROPOSED or pilot.version != decision.version
        closed = decision.closed_at is not None
        return request_content(view, stale=decision.verdict is None and (closed or stale))

    def after(self, client: WebClient, db: Database, ws: Workspace, decided: Decision) -> None:
        view = refresh(client, db, ws, decided.subject_id)
        tell_proposer(client, view, decision_news(view, decided))
        if decided.verdict is None:
            raise BrokenInvariant(
                f"expected decision {decided.id} to have a verdict when announced"
            )
        post_in_channel(
            client,
            view,
            f"<@{decided.decider_id}> {VERDICT_WORDS[decided.verdict]} the pilot "
            f"proposal: {escape(clip(view.pilot.title, 150))}",
        )
