"""Pilots in the decision mechanism: the sponsor's request DM, who hears it went, and the
news of a decision."""

from __future__ import annotations

from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.outbox import Effect, publish_home, redraw_pilot, tell
from slack_app.domain.pilots import PilotState
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.pilots.messages import decision_news, request_content
from slack_app.flows.pilots.posting import in_channel, request_told
from slack_app.services import Database, UnitOfWork
from slack_app.services.pilot_reads import get_pilot


class PilotPresenter:
    """The sponsor's DM, marked stale once the pilot moved on, and who hears a decision."""

    def content(self, db: Database, ws: Workspace, decision: Decision) -> RequestContent:
        with db.unit_of_work(ws) as uow:
            view = get_pilot(uow, decision.subject_id)
        pilot = view.pilot
        stale = pilot.state is not PilotState.PROPOSED or pilot.version != decision.version
        closed = decision.closed_at is not None
        return request_content(view, stale=decision.verdict is None and (closed or stale))

    def request_sent(
        self, uow: UnitOfWork, request: Decision, problem: str | None, *, again: bool
    ) -> list[Effect]:
        return request_told(get_pilot(uow, request.subject_id), request, problem, again=again)

    def decided(self, uow: UnitOfWork, decided: Decision) -> list[Effect]:
        """The pilot redrawn as the decision left it; the proposer and the channel told."""
        if decided.verdict is None:
            raise BrokenInvariant(f"expected decision {decided.id} to have a verdict when told")
        view = get_pilot(uow, decided.subject_id)
        proposer, title = view.pilot.proposer_id, escape(clip(view.pilot.title, 150))
        verdict = VERDICT_WORDS[decided.verdict]
        return [
            redraw_pilot(view.pilot.id),
            publish_home(proposer),
            tell(proposer, decision_news(view, decided)),
            *in_channel(view, f"<@{decided.decider_id}> {verdict} the pilot proposal: {title}"),
        ]
