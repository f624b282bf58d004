"""The decider's three buttons, for any subject: approve at once; a note first otherwise."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.ids import Action
from slack_app.domain.decisions import StaleRequest, Verdict
from slack_app.domain.errors import AlreadyDone
from slack_app.domain.workspace import Workspace
from slack_app.flows.decisions.messages import ACTION_VERDICTS, note_modal
from slack_app.flows.decisions.requests import decide_or_redraw, redraw_request, show_decided
from slack_app.flows.decisions.subjects import PRESENTERS
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.services.decisions import decidable
from slack_app.services.subjects import SUBJECTS


def handle_decide(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    ack()
    verdict = ACTION_VERDICTS[Action(action["action_id"])]
    user_id, decision_id = body["user"]["id"], number(action)
    if verdict is Verdict.APPROVE:
        decided = decide_or_redraw(
            client,
            deps.db,
            workspace,
            SUBJECTS,
            PRESENTERS,
            decision_id=decision_id,
            actor_id=user_id,
            verdict=verdict,
            note=None,
            now=deps.now(),
        )
        show_decided(client, deps.db, workspace, PRESENTERS, decided)
        return
    try:
        decision = decidable(
            deps.db, workspace, SUBJECTS, decision_id=decision_id, actor_id=user_id
        )
    except (AlreadyDone, StaleRequest):
        redraw_request(client, deps.db, workspace, PRESENTERS, decision_id)
        raise
    client.views_open(trigger_id=body["trigger_id"], view=note_modal(decision, verdict))
