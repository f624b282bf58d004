"""F2's Slack side: the ask DM, its update once answered, and the author's news."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.ids import Metadata
from slack_app.domain.followers import Answer, Ask
from slack_app.domain.stands import Stand
from slack_app.flows.followers.messages import ASKED, ask_dm, author_news
from slack_app.flows.notices import effect_dm
from slack_app.flows.request import Request
from slack_app.flows.team.channel import invite
from slack_app.services import Database, UnitOfWork
from slack_app.services.followers import (
    answer_ask,
    answered_ask,
    question_sent,
    record_ask_dm,
    withdraw_ask,
)
from slack_app.services.outbox import Claimed
from slack_app.services.stands import to_announce
from slack_app.slack.errors import error_code, failure_of
from slack_app.slack.history import find_own_dm, marked
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
    metadata = marked(Metadata.FOLLOWER_ASKED, "ask_id", ask.id)
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


def deliver_ask(client: WebClient, db: Database, effect: Claimed, now: datetime) -> bool:
    """The outbox's question to the person asked, then the author told it went (or why
    not), recorded with the ask's DM in the transaction that settles it."""
    payload = effect.payload
    with db.unit_of_work(effect.workspace) as uow:
        stand, ask = to_announce(uow, int(payload["stand_id"]), int(payload["ask_id"]))
    if stand is None or ask is None:
        return False  # gone, or sent already
    asked = ask_once(client, stand, ask, in_doubt=effect.may_have_reached_slack)
    news = asked.dm.problem or ASKED.format(user=ask.user_id)
    with db.unit_of_work(effect.workspace) as uow:
        asked.record(uow)
        question_sent(uow, effect, author_id=stand.author_id, news=news, now=now)
    return True


def deliver_answer(client: WebClient, db: Database, effect: Claimed, _now: datetime) -> None:
    """The outbox's news of an answer: shown in the question's DM (an edit, repeatable),
    and the author told, once."""
    with db.unit_of_work(effect.workspace) as uow:
        found = answered_ask(uow, int(effect.payload["ask_id"]))
    if found is None:
        return
    stand, ask = found
    show_answer(client, stand, ask)
    text, blocks = author_news(stand, ask, first_follower=bool(effect.payload["first_follower"]))
    effect_dm(client, effect, stand.author_id, text, blocks)


def show_answer(client: WebClient, stand: Stand, ask: Ask) -> None:
    """Replace the buttons in the asked person's DM with the answer they gave (Slack's own
    trouble is raised, to be tried again; a DM gone is left)."""
    if ask.dm_channel_id is None or ask.dm_ts is None:
        return
    text, blocks = ask_dm(stand, ask)
    try:
        client.chat_update(channel=ask.dm_channel_id, ts=ask.dm_ts, text=text, blocks=blocks)
    except SlackApiError as error:
        if failure_of(error).transient:
            raise
        log.warning("could not update the ask DM %s: %s", ask.id, error_code(error))


def record_answer(req: Request, *, ask_id: int, answer: Answer, note: str | None) -> None:
    """Record the answer (committed at once, with the roster's redraw and the author's news,
    in the outbox); after the ack, bring the person into the pilot channel when the team
    formed before they said yes."""
    user_id = req.user_id
    answered = answer_ask(
        req.uow, ask_id=ask_id, user_id=user_id, answer=answer, note=note, now=req.now()
    )
    req.uow.commit()
    team = answered.team
    if team is None or answered.change is None:
        return
    client, author_id = req.client, answered.stand.author_id
    req.after_ack(lambda: _bring_in(client, team.channel_id, user_id, author_id))


def _bring_in(client: WebClient, channel_id: str, user_id: str, author_id: str) -> None:
    problems = invite(client, channel_id, [user_id])
    if problems:
        text = "\n".join(f":warning: {problem}" for problem in problems)
        tell(client, author_id, text, what="tell the author")
