"""A decision made over the request's unit of work and committed with its Slack effects
before anything is shown; a press on a request overtaken since (decided, withdrawn,
changed) redraws it as it stands."""

from __future__ import annotations

from slack_app.domain.decisions import Decision, StaleRequest, Verdict
from slack_app.domain.errors import AlreadyDone
from slack_app.domain.outbox import redraw_request
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.flows.request import Request
from slack_app.services.decisions import decidable, make_decision
from slack_app.services.subjects import SUBJECTS

# Refusals that mean the person pressed on an old copy of the request.
OVERTAKEN = (AlreadyDone, StaleRequest)


def decision_made(req: Request, decision_id: int, verdict: Verdict, note: str | None) -> Decision:
    """The person's decision, made over the request's unit of work with what it shows in
    Slack: the decider's DM redrawn, and whoever the subject tells (committed by the
    caller)."""
    now = req.now()
    decided = make_decision(
        req.uow,
        SUBJECTS,
        decision_id=decision_id,
        actor_id=req.user_id,
        verdict=verdict,
        note=note,
        now=now,
    )
    told = PRESENTERS[decided.subject].decided(req.uow, decided)
    req.uow.record([redraw_request(decided.id), *told], now=now)
    return decided


def decide(req: Request, decision_id: int, verdict: Verdict, note: str | None) -> Decision:
    """Decide and commit; an overtaken request is redrawn, then the refusal raised."""
    try:
        decided = decision_made(req, decision_id, verdict, note)
    except OVERTAKEN:
        redraw(req, decision_id)
        raise
    req.uow.commit()
    return decided


def may_decide(req: Request, decision_id: int) -> Decision:
    """The request, when the person pressing may decide it now (before a note modal opens)."""
    try:
        decision = decidable(req.uow, SUBJECTS, decision_id=decision_id, actor_id=req.user_id)
    except OVERTAKEN:
        redraw(req, decision_id)
        raise
    req.uow.commit()
    return decision


def redraw(req: Request, decision_id: int) -> None:
    """The request DM as it stands now, once the refused work is rolled back (nothing of it
    stays): its redraw is recorded in a unit of work of its own."""
    req.uow.rollback()
    with req.db.unit_of_work(req.workspace) as uow:
        uow.record([redraw_request(decision_id)], now=req.now())
