"""F2's Slack side: the ask DM, its update once answered, and the author's news."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.followers import Answer, Ask
from slack_app.domain.stands import Stand
from slack_app.domain.team import Roster
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.messages import ask_dm, author_news
from slack_app.flows.request import Request
from slack_app.flows.team.channel import invite, redraw_roster
from slack_app.services import Database, UnitOfWork
from slack_app.services.followers import Answered, answer_ask, record_ask_dm, withdraw_ask
from slack_app.services.team import team_roster
from slack_app.slack.errors import best_effort, error_code
from slack_app.slack.posting import Posted, send_dm, tell

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AskSent:
    """The question DMed: where it went, or why it did not (a sentence for the author)."""

    ask: Ask
    dm: Posted

    def record(self, uow: UnitOfWork) -> None:
        """Keep where the DM is, to show the answer in it; forget an ask that never arrived."""
        if self.dm.ts is None:
            withdraw_ask(uow, self.ask.id)
        else:
            record_ask_dm(uow, self.ask.id, channel_id=self.dm.channel, ts=self.dm.ts)


def post_ask(client: WebClient, stand: Stand, ask: Ask) -> AskSent:
    """DM the question to the person asked."""
    text, blocks = ask_dm(stand, ask)
    return AskSent(ask, send_dm(client, ask.user_id, what="question", text=text, blocks=blocks))


def send_ask(client: WebClient, db: Database, ws: Workspace, stand: Stand, ask: Ask) -> str | None:
    """DM the question and record it; a sentence for the author when it fails."""
    sent = post_ask(client, stand, ask)
    with db.unit_of_work(ws) as uow:
        sent.record(uow)
    return sent.dm.problem


def show_answer(client: WebClient, stand: Stand, ask: Ask) -> None:
    """Replace the buttons in the asked person's DM with the answer they gave."""
    if ask.dm_channel_id is None or ask.dm_ts is None:
        return
    text, blocks = ask_dm(stand, ask)
    try:
        client.chat_update(channel=ask.dm_channel_id, ts=ask.dm_ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update the ask DM %s: %s", ask.id, error_code(error))


def tell_author(client: WebClient, stand: Stand, ask: Ask, *, first_follower: bool) -> None:
    text, blocks = author_news(stand, ask, first_follower=first_follower)
    client.chat_postMessage(channel=stand.author_id, text=text, blocks=blocks)


def record_answer(req: Request, *, ask_id: int, answer: Answer, note: str | None) -> None:
    """Record the answer (committed at once, with the roster it changed); after the ack,
    show it in the DM, tell the author, and redraw the roster."""
    user_id = req.user_id
    answered = answer_ask(
        req.uow, ask_id=ask_id, user_id=user_id, answer=answer, note=note, now=req.now()
    )
    team = answered.team
    moved = answered.change is not None or answered.first_follower
    roster = None
    if team is not None and team.roster_ts is not None and moved:
        roster = team_roster(req.uow, team)
    req.uow.commit()
    client, db, ws = req.client, req.db, req.workspace
    req.after_ack(
        lambda: show_answered(client, db, ws, user_id=user_id, answered=answered, roster=roster)
    )


def show_answered(
    client: WebClient,
    db: Database,
    ws: Workspace,
    *,
    user_id: str,
    answered: Answered,
    roster: Roster | None,
) -> None:
    """The answer in the asked person's DM, the author told, the person brought into the
    pilot channel when the team formed first, and the roster redrawn."""
    team = answered.team
    show_answer(client, answered.stand, answered.ask)
    best_effort(
        "tell the author",
        lambda: tell_author(
            client, answered.stand, answered.ask, first_follower=answered.first_follower
        ),
    )
    if team is not None and answered.change is not None:
        # The team formed before they said yes: bring them into the pilot channel.
        problems = invite(client, team.channel_id, [user_id])
        if problems:
            text = "\n".join(f":warning: {problem}" for problem in problems)
            tell(client, answered.stand.author_id, text, what="tell the author")
    if team is not None and roster is not None:
        best_effort("redraw the roster", lambda: redraw_roster(client, db, ws, team, roster))
