"""F2's Slack side: the ask DM, its update once answered, and the author's news."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.ids import Metadata
from slack_app.domain.followers import Answer, Ask
from slack_app.domain.stands import Stand
from slack_app.domain.workspace import Workspace
from slack_app.flows.followers.messages import ask_dm, author_news
from slack_app.flows.request import Request
from slack_app.flows.team.channel import invite
from slack_app.services import Database, UnitOfWork
from slack_app.services.followers import Answered, answer_ask, record_ask_dm, withdraw_ask
from slack_app.slack.errors import best_effort, error_code
from slack_app.slack.history import find_own_dm
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


def post_ask(client: WebClient, stand: Stand, ask: Ask, *, retry_later: bool = False) -> AskSent:
    """DM the question to the person asked (recognisable by its ask's id)."""
    text, blocks = ask_dm(stand, ask)
    metadata = {"event_type": Metadata.FOLLOWER_ASKED, "event_payload": {"ask_id": ask.id}}
    dm = send_dm(
        client,
        ask.user_id,
        what="question",
        text=text,
        blocks=blocks,
        metadata=metadata,
        retry_later=retry_later,
    )
    return AskSent(ask, dm)


def ask_once(client: WebClient, stand: Stand, ask: Ask, *, in_doubt: bool) -> AskSent:
    """DM the question unless an earlier try, ``in_doubt``, is found to have sent it."""
    if in_doubt:
        channel, ts = find_own_dm(client, ask.user_id, Metadata.FOLLOWER_ASKED, "ask_id", ask.id)
        if ts is not None:
            return AskSent(ask, Posted(channel, ts=ts))
    return post_ask(client, stand, ask, retry_later=True)


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
    """Record the answer (committed at once, with the roster's redraw); after the ack,
    show it in the DM and tell the author."""
    user_id = req.user_id
    answered = answer_ask(
        req.uow, ask_id=ask_id, user_id=user_id, answer=answer, note=note, now=req.now()
    )
    req.uow.commit()
    client = req.client
    req.after_ack(lambda: show_answered(client, user_id=user_id, answered=answered))


def show_answered(client: WebClient, *, user_id: str, answered: Answered) -> None:
    """The answer in the asked person's DM, the author told, and the person brought into
    the pilot channel when the team formed first."""
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
