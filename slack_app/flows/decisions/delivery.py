"""The outbox's deliveries of the decision mechanism, for every subject: a request sent to
its decider (and who asked told, once), and a request DM redrawn as it stands."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.decisions import Decision
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.decisions.requests import find_request, post_request, show_request
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.services import Database
from slack_app.services.decisions import get_decision, record_request_dm
from slack_app.services.outbox import Claimed, settle_with


def deliver_request(client: WebClient, db: Database, effect: Claimed, now: datetime) -> bool:
    """DM the request to its decider; then, in the transaction that settles the effect,
    remember where it went and tell who asked. A request overtaken before it went (decided,
    withdrawn, changed) is not sent, and nobody is told of it; one an earlier try may have
    sent is looked for first, and, found, redrawn as it stands. One already recorded is
    only redrawn."""
    ws = effect.workspace
    with db.unit_of_work(ws) as uow:
        decision = get_decision(uow, int(effect.payload["decision_id"]))
    presenter = PRESENTERS[decision.subject]
    content = presenter.content(db, ws, decision)
    if decision.dm_ts is not None:
        show_request(client, decision, content)
        return False
    overtaken = _overtaken(decision, content)
    found = find_request(client, decision) if effect.may_have_reached_slack else None
    if found is not None:  # it may show an older state, or live buttons no longer good
        show_request(
            client, replace(decision, dm_channel_id=found.channel, dm_ts=found.ts), content
        )
    elif overtaken:
        return False
    sent = found or post_request(client, decision, content)
    with db.unit_of_work(ws) as uow:
        if sent.ts is not None:
            record_request_dm(uow, decision.id, channel_id=sent.channel, ts=sent.ts)
        if not overtaken:
            again = bool(effect.payload["again"])
            uow.record(presenter.request_sent(uow, decision, sent.problem, again=again), now=now)
        settle_with(uow, effect, now)
    return True


def _overtaken(decision: Decision, content: RequestContent) -> bool:
    """Nothing is left to ask: decided, closed, or about a version no longer current."""
    return content.stale or decision.verdict is not None or decision.closed_at is not None


def deliver_request_redraw(
    client: WebClient, db: Database, effect: Claimed, _now: datetime
) -> None:
    """A request DM as it stands now: decided, overtaken, or still to decide."""
    ws = effect.workspace
    with db.unit_of_work(ws) as uow:
        decision = get_decision(uow, int(effect.payload["decision_id"]))
    show_request(client, decision, PRESENTERS[decision.subject].content(db, ws, decision))


def request_given_up(db: Database, effect: Claimed, error: str, now: datetime) -> None:
    """Slack kept failing for a day (or a bug): whoever hears of the request's sending (the
    proposer, an approval's lead) hears that it did not go, unless it went after all, or
    nothing is left to ask."""
    ws = effect.workspace
    with db.unit_of_work(ws) as uow:
        decision = get_decision(uow, int(effect.payload["decision_id"]))
    presenter = PRESENTERS[decision.subject]
    if decision.dm_ts is not None or _overtaken(decision, presenter.content(db, ws, decision)):
        return
    problem = (
        f"I couldn't send the request to <@{decision.decider_id}>: Slack kept failing "
        f"({error}). Try sending it again later."
    )
    with db.unit_of_work(ws) as uow:
        uow.record(presenter.request_sent(uow, decision, problem, again=False), now=now)
