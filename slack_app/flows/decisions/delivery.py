"""The outbox's deliveries of the decision mechanism, for every subject: a request sent to
its decider (and who asked told, once), and a request DM redrawn as it stands."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.flows.decisions.requests import request_once, show_request
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.services import Database
from slack_app.services.decisions import get_decision, record_request_dm
from slack_app.services.outbox import Claimed, settle_with


def deliver_request(client: WebClient, db: Database, effect: Claimed, now: datetime) -> bool:
    """DM the request to its decider, unless it was overtaken before it went (nothing is
    left to decide); then, in the transaction that settles the effect, remember where it
    went and tell who asked. A request already sent is only redrawn."""
    ws = effect.workspace
    with db.unit_of_work(ws) as uow:
        decision = get_decision(uow, int(effect.payload["decision_id"]))
    presenter = PRESENTERS[decision.subject]
    content = presenter.content(db, ws, decision)
    if decision.dm_ts is not None:
        show_request(client, decision, content)
        return False
    if content.stale or decision.closed_at is not None:
        return False
    sent = request_once(client, decision, content, in_doubt=effect.may_have_reached_slack)
    with db.unit_of_work(ws) as uow:
        if sent.ts is not None:
            record_request_dm(uow, decision.id, channel_id=sent.channel, ts=sent.ts)
        told = presenter.request_sent(
            uow, decision, sent.problem, again=bool(effect.payload["again"])
        )
        uow.record(told, now=now)
        settle_with(uow, effect, now)
    return True


def deliver_request_redraw(
    client: WebClient, db: Database, effect: Claimed, _now: datetime
) -> None:
    """A request DM as it stands now: decided, overtaken, or still to decide."""
    ws = effect.workspace
    with db.unit_of_work(ws) as uow:
        decision = get_decision(uow, int(effect.payload["decision_id"]))
    show_request(client, decision, PRESENTERS[decision.subject].content(db, ws, decision))
