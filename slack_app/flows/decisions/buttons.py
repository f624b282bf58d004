"""The decider's three buttons, for any subject: approve at once; a note first otherwise."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Action
from slack_app.domain.decisions import Verdict
from slack_app.flows.decisions.deciding import decide, may_decide
from slack_app.flows.decisions.messages import ACTION_VERDICTS, note_modal
from slack_app.flows.request import Request
from slack_app.flows.values import number


def handle_decide(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    verdict = ACTION_VERDICTS[Action(action["action_id"])]
    decision_id = number(action)
    if verdict is Verdict.APPROVE:
        decide(req, decision_id, verdict, note=None)
        return
    decision = may_decide(req, decision_id)
    req.open_modal(note_modal(decision, verdict))
