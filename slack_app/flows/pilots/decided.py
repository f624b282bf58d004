"""Pilots in the decision mechanism: the sponsor's request DM, and the news of a decision."""

from __future__ import annotations

from slack_sdk import WebClient

from slack_app.blocks.text import clip, escape
from slack_app.domain.decisions import VERDICT_WORDS, Decision
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.pilots import PilotState
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import RequestContent
from slack_app.flows.pilots.messages import decision_news, request_content
from slack_app.flows.pilots.posting import post_in_channel, refresh, tell_proposer
from slack_app.services import Database
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
