"""F4's Slack side, once a change is committed: the proposer's DM and the channel header
redrawn as the change left the pilot, the sponsor's request, and who is told what.

Where a message is posted for the first time is recorded afterwards, all in one unit of
work, so that it is edited in place ever after.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from slack_app.blocks.ids import Metadata
from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import Decision
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import PilotState
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.requests import RequestSent, post_request, show_request
from slack_app.flows.home.tab import home_overview, show_home
from slack_app.flows.pilots.messages import pilot_header, proposer_dm, request_content
from slack_app.services import Database
from slack_app.services.home import StandsOverview
from slack_app.services.pilot_reads import get_pilot
from slack_app.services.pilots import Moved, record_pilot_dm, record_pilot_header
from slack_app.slack.errors import best_effort
from slack_app.slack.posting import tell


@dataclass(slots=True)
class FirstPosts:
    """What a redraw posted for the first time (channel, ts), to record once it is done."""

    pilot_id: int
    dm: tuple[str, str] | None = None
    header: tuple[str, str] | None = None
    request: RequestSent | None = None

    def record(self, db: Database, ws: Workspace) -> None:
        sent = self.request is not None and self.request.dm.ts is not None
        if self.dm is None and self.header is None and not sent:
            return  # nothing new: no transaction
        with db.unit_of_work(ws) as uow:
            if self.dm is not None:
                record_pilot_dm(uow, self.pilot_id, channel_id=self.dm[0], ts=self.dm[1])
            if self.header is not None:
                channel_id, ts = self.header
                record_pilot_header(uow, self.pilot_id, channel_id=channel_id, ts=ts)
            if self.request is not None:
                self.request.record(uow)


def refresh_proposer_dm(client: WebClient, view: PilotView, posts: FirstPosts) -> None:
    """Post the proposer's DM the first time; edit it in place ever after."""
    pilot = view.pilot
    text, blocks = proposer_dm(view)
    if pilot.dm_channel_id and pilot.dm_ts:
        client.chat_update(channel=pilot.dm_channel_id, ts=pilot.dm_ts, text=text, blocks=blocks)
        return
    response = client.chat_postMessage(channel=pilot.proposer_id, text=text, blocks=blocks)
    posts.dm = (response["channel"], response["ts"])


def refresh_header(client: WebClient, view: PilotView, posts: FirstPosts) -> None:
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
    posts.header = (team.channel_id, response["ts"])
    best_effort(
        "pin the pilot header",
        lambda: client.pins_add(channel=team.channel_id, timestamp=response["ts"]),
    )


def redraw(client: WebClient, view: PilotView, home: StandsOverview, posts: FirstPosts) -> None:
    """The proposer's DM, the channel header and the proposer's Home tab, as ``view`` shows
    the pilot and ``home`` their stands."""
    best_effort("update the proposer's DM", lambda: refresh_proposer_dm(client, view, posts))
    best_effort("update the pilot header", lambda: refresh_header(client, view, posts))
    proposer = view.pilot.proposer_id
    best_effort("refresh the Home tab", lambda: show_home(client, proposer, home))


def refresh(client: WebClient, db: Database, ws: Workspace, pilot_id: int) -> PilotView:
    """Redraw the proposer's DM, the channel header and Home from what is stored now."""
    with db.unit_of_work(ws) as uow:
        view = get_pilot(uow, pilot_id)
        home = home_overview(uow, view.pilot.proposer_id)
    posts = FirstPosts(pilot_id)
    try:
        redraw(client, view, home, posts)
    finally:
        posts.record(db, ws)
    return view


def post_in_channel(client: WebClient, view: PilotView, text: str) -> None:
    if view.team is not None and view.team.vision_ts is not None:
        tell(client, view.team.channel_id, text, what="tell the pilot channel")


def tell_proposer(client: WebClient, view: PilotView, text: str) -> None:
    tell(client, view.pilot.proposer_id, text, what="tell the proposer")


def after_save(
    client: WebClient, db: Database, ws: Workspace, moved: Moved, home: StandsOverview
) -> None:
    """A proposal was saved: retire stale requests, redraw, ask the sponsor, tell people.

    ``home`` is the proposer's, loaded in the unit of work that saved the proposal. What was
    posted is recorded before people are told, so a quick press finds it."""
    view = moved.view
    _retire(client, view, moved.stale)
    posts = FirstPosts(view.pilot.id)
    try:
        redraw(client, view, home, posts)
        if moved.request is not None:
            content = request_content(view, stale=False)
            posts.request = post_request(client, moved.request, content)
    finally:
        posts.record(db, ws)
    _tell_saved(client, moved, posts.request)


def _tell_saved(client: WebClient, moved: Moved, sent: RequestSent | None) -> None:
    view = moved.view
    if moved.request is None or sent is None:
        if moved.before is not None:
            tell_proposer(client, view, "Your changes to the pilot proposal are saved.")
        return
    if sent.dm.problem is not None:
        tell_proposer(client, view, f":warning: {sent.dm.problem}")
        return
    sponsor = moved.request.decider_id
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


def _retire(client: WebClient, view: PilotView, stale: list[Decision]) -> None:
    """Requests overtaken by an edit or a withdrawal (of this pilot): their DMs lose the
    buttons."""
    for old in stale:
        show_request(client, old, request_content(view, stale=True))


def after_move(
    client: WebClient,
    db: Database,
    ws: Workspace,
    moved: Moved,
    news: str,
    *,
    home: StandsOverview | None = None,
) -> None:
    """Withdrawn or started: redraw everything and say so. ``home`` is the proposer's,
    loaded with the move (None: loaded here, for the scheduler's starts)."""
    view = moved.view
    if home is None:
        with db.unit_of_work(ws) as uow:
            home = home_overview(uow, view.pilot.proposer_id)
    _retire(client, view, moved.stale)
    posts = FirstPosts(view.pilot.id)
    try:
        redraw(client, view, home, posts)
    finally:
        posts.record(db, ws)
    tell_proposer(client, view, news)
    post_in_channel(client, view, news)
