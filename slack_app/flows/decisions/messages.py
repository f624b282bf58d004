"""The decision mechanism's messages, for any subject: the request DM with its three buttons,
the note modal, the reminder. The subject brings its own title and body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    InputBlock,
    PlainTextInputElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action, Callback, Field
from slack_app.blocks.text import clip, long_date, mrkdwn, plain, quote, sections
from slack_app.domain.decisions import NOTE_LIMIT, VERDICT_WORDS, Decision, Verdict
from slack_app.domain.errors import BrokenInvariant
from slack_app.flows.values import STALE_FORM, as_written, ident, metadata

VERDICT_ACTIONS = {
    Verdict.APPROVE: Action.DECIDE_APPROVE,
    Verdict.REQUEST_CHANGES: Action.DECIDE_CHANGES,
    Verdict.DECLINE: Action.DECIDE_DECLINE,
}
ACTION_VERDICTS = {action: verdict for verdict, action in VERDICT_ACTIONS.items()}
BUTTON_WORDS = {
    Verdict.APPROVE: "Approve",
    Verdict.REQUEST_CHANGES: "Request changes",
    Verdict.DECLINE: "Decline",
}
NOTE_LABELS = {
    Verdict.REQUEST_CHANGES: "What would need to change?",
    Verdict.DECLINE: "Why not? (they will read this)",
}


@dataclass(frozen=True, slots=True)
class RequestContent:
    """What a subject puts in its request DM: the question, and the thing to decide."""

    text: str  # notification and fallback text
    blocks: list[Block] = field(default_factory=list)
    stale: bool = False  # the subject changed or closed since this request was sent


def _buttons(decision: Decision) -> ActionsBlock:
    styles = {Verdict.APPROVE: "primary", Verdict.DECLINE: "danger"}
    return ActionsBlock(
        block_id=f"decision_{decision.id}",
        elements=[
            ButtonElement(
                action_id=VERDICT_ACTIONS[verdict],
                text=plain(BUTTON_WORDS[verdict]),
                value=str(decision.id),
                style=styles.get(verdict),
            )
            for verdict in Verdict
        ],
    )


def outcome_line(decision: Decision, *, by: str = "You") -> str:
    if decision.verdict is None or decision.decided_at is None:
        raise BrokenInvariant(
            f"expected decision {decision.id} to have a verdict and a time when drawn"
        )
    when = long_date(decision.decided_at.date())
    line = f"*{by} {VERDICT_WORDS[decision.verdict]}* this on {when}."
    if decision.note:
        line += "\n" + quote(clip(decision.note, NOTE_LIMIT))
    return line


def request_dm(decision: Decision, content: RequestContent) -> tuple[str, list[Block]]:
    """The decider's DM: the subject, then the buttons, or what happened to the request."""
    blocks = list(content.blocks)
    if decision.verdict is not None:
        blocks += sections(":ballot_box_with_check: " + outcome_line(decision))
    elif content.stale:
        blocks.append(
            ContextBlock(
                elements=[
                    mrkdwn(
                        ":arrows_counterclockwise: This version can no longer be decided: it "
                        "changed or was withdrawn after you were asked."
                    )
                ]
            )
        )
    else:
        blocks.append(_buttons(decision))
    return content.text, blocks


def reminder(decision: Decision, content: RequestContent) -> str:
    """The one polite reminder, in the request's thread."""
    asked = long_date(decision.requested_at.date())
    return (
        f":wave: A gentle reminder: <@{decision.requester_id}> is still waiting for your "
        f"decision, asked on {asked}. The buttons are on the message above. "
        "Thank you for looking at it!"
    )


def note_modal(decision: Decision, verdict: Verdict) -> View:
    """Asking for changes or declining takes a note the other side can act on."""
    return View(
        type="modal",
        callback_id=Callback.DECISION_NOTE,
        title=plain(BUTTON_WORDS[verdict]),
        submit=plain(BUTTON_WORDS[verdict]),
        close=plain("Cancel"),
        private_metadata=json.dumps({"decision": decision.id, "verdict": verdict.value}),
        blocks=[
            InputBlock(
                block_id=Field.NOTE,
                label=plain(NOTE_LABELS[verdict]),
                element=PlainTextInputElement(
                    action_id=Field.NOTE, multiline=True, max_length=NOTE_LIMIT
                ),
            )
        ],
    )


def parse_note(view: dict[str, Any]) -> tuple[int, Verdict, str]:
    """Decision id, verdict and note of a submitted note modal (ValueError/KeyError if forged)."""
    meta = metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    note = ((values.get(Field.NOTE) or {}).get(Field.NOTE) or {}).get("value") or ""
    with as_written():
        decision, verdict = ident(meta.get("decision"), stale=STALE_FORM), Verdict(meta["verdict"])
    return decision, verdict, str(note).strip()


def confirm(title: str, text: str, yes: str) -> ConfirmObject:
    return ConfirmObject(title=title, text=text, confirm=yes, deny="Cancel", style="danger")
