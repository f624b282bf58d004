"""F4's proposal modal: every part of a pilot proposal, new or edited, and reading it back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Callback, Field
from slack_app.blocks.text import clip, escape, mrkdwn, plain
from slack_app.domain.pilots import PROPOSAL_LIMITS, Pilot, PilotState, ProposalDraft, ProposalField
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.flows.followers.messages import stand_picker
from slack_app.flows.values import STALE_FORM, metadata, optional_ident

P = ProposalField
LABELS = {
    P.CONCEPT: "The concept to test",
    P.SCOPE: "Scope",
    P.START: "Start",
    P.END: "End",
    P.LEARNING: "What the pilot will learn",
    P.RESOURCES: "Resources and funding needed",
    P.SPONSOR: "Sponsor",
}
HINTS = {
    P.CONCEPT: "The hypothesis: what you believe, that a pilot can show.",
    P.SCOPE: "Who and what is in, and what is not.",
    P.LEARNING: "The success criteria: how you'll know it worked.",
    P.RESOURCES: "People, time, tools, money. Leave empty if none.",
    P.SPONSOR: "The boss whose buy-in the pilot needs. They approve, ask for changes or decline.",
}
SEND_NOW, KEEP_DRAFT = "send", "draft"


def _text_input(field: ProposalField, initial: str, *, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=plain(LABELS[field]),
        hint=plain(HINTS[field]),
        optional=optional,
        element=PlainTextInputElement(
            action_id=field,
            multiline=True,
            max_length=PROPOSAL_LIMITS[field],
            initial_value=initial or None,
        ),
    )


def _date_input(field: ProposalField, initial: date | None) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=plain(LABELS[field]),
        element=DatePickerElement(
            action_id=field, initial_date=None if initial is None else initial.isoformat()
        ),
    )


def _shielded_input(shielded: bool) -> InputBlock:
    option = Option(
        value="private",
        label="Shield the pilot: a private channel",
        description="Keep the trial-and-error phase out of sight until it has results.",
    )
    return InputBlock(
        block_id=Field.SHIELDED,
        label=plain("Shielded pilot"),
        optional=True,
        element=CheckboxesElement(
            action_id=Field.SHIELDED,
            options=[option],
            initial_options=[option] if shielded else None,
        ),
    )


def _send_input() -> InputBlock:
    now = Option(value=SEND_NOW, label="Send it to the sponsor now")
    later = Option(value=KEEP_DRAFT, label="Keep it as a draft for now")
    return InputBlock(
        block_id=Field.SEND,
        label=plain("When it's saved"),
        element=RadioButtonsElement(action_id=Field.SEND, options=[now, later], initial_option=now),
    )


def proposal_modal(
    stands: list[Stand], stand: Stand, pilot: Pilot | None, team: Team | None
) -> View:
    """A new proposal (with the stand to pilot) or the open one to edit."""
    draft = pilot.proposal if pilot is not None else None
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(
                "“Using the language of _pilot_ allows you to test a concept and gather "
                "valuable information, while shielding you from scrutiny in the "
                "trial-and-error phase.” Ask a sponsor for their buy-in."
            )
        )
    ]
    if pilot is None:
        blocks.append(stand_picker(stands, stand))
    else:
        blocks.append(SectionBlock(text=mrkdwn(f"*Stand:* {escape(clip(stand.going, 300))}")))
    blocks += [
        _text_input(P.CONCEPT, draft.concept if draft else ""),
        _text_input(P.SCOPE, draft.scope if draft else ""),
        _date_input(P.START, draft.start if draft else None),
        _date_input(P.END, draft.end if draft else None),
        _text_input(P.LEARNING, draft.learning if draft else ""),
        _text_input(P.RESOURCES, draft.resources if draft else "", optional=True),
        InputBlock(
            block_id=P.SPONSOR,
            label=plain(LABELS[P.SPONSOR]),
            hint=plain(HINTS[P.SPONSOR]),
            element=UserSelectElement(
                action_id=P.SPONSOR, initial_user=draft.sponsor_id if draft else None
            ),
        ),
    ]
    if team is None:
        blocks.append(_shielded_input(pilot.shielded if pilot else False))
    else:
        kind = "private (shielded)" if team.is_private else "public"
        blocks.append(
            ContextBlock(elements=[mrkdwn(f"The pilot channel <#{team.channel_id}> is {kind}.")])
        )
    if pilot is None or pilot.state is not PilotState.PROPOSED:
        blocks.append(_send_input())
    else:
        blocks.append(
            ContextBlock(elements=[mrkdwn("Saving sends the new version to the sponsor.")])
        )
    # The version shown, so that saving an old modal cannot overwrite a newer edit.
    meta = {"pilot": pilot.id, "stand": stand.id, "version": pilot.version} if pilot else {}
    return View(
        type="modal",
        callback_id=Callback.PROPOSE_PILOT,
        title=plain("Propose a pilot" if pilot is None else "Edit the proposal"),
        submit=plain("Save"),
        close=plain("Cancel"),
        private_metadata=json.dumps(meta),
        blocks=blocks,
    )


def _state(view: dict[str, Any], block: str) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(block) or {}).get(block) or {}
    return found if isinstance(found, dict) else {}


def _date(view: dict[str, Any], field: ProposalField) -> date | None:
    raw = _state(view, field).get("selected_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class SubmittedProposal:
    stand_id: int | None
    pilot_id: int | None  # None: a new proposal
    version: int | None  # the version the modal showed
    draft: ProposalDraft
    shielded: bool
    send: bool


def parse_proposal(view: dict[str, Any]) -> SubmittedProposal:
    """What the proposal modal says, as submitted (ValueError when its metadata is forged)."""
    meta = metadata(view)
    stand_id = meta.get("stand")
    if stand_id is None:
        chosen = _state(view, Field.STAND).get("selected_option") or {}
        stand_id = chosen.get("value")
    draft = ProposalDraft(
        concept=_state(view, P.CONCEPT).get("value") or "",
        scope=_state(view, P.SCOPE).get("value") or "",
        start=_date(view, P.START),
        end=_date(view, P.END),
        learning=_state(view, P.LEARNING).get("value") or "",
        resources=_state(view, P.RESOURCES).get("value") or "",
        sponsor_id=_state(view, P.SPONSOR).get("selected_user"),
    )
    shielded = bool(_state(view, Field.SHIELDED).get("selected_options"))
    send = (_state(view, Field.SEND).get("selected_option") or {}).get("value") != KEEP_DRAFT
    pilot_id, version = meta.get("pilot"), meta.get("version")
    return SubmittedProposal(
        stand_id=optional_ident(stand_id, stale=STALE_FORM),
        pilot_id=optional_ident(pilot_id, stale=STALE_FORM),
        version=optional_ident(version, stale=STALE_FORM),
        draft=draft,
        shielded=shielded,
        send=send,
    )
