"""F4 messages: the proposal as people read it, the proposer's DM, the pilot channel's
header, the sponsor's request, the news of a decision, and the pilot's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    OverflowMenuElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action
from slack_app.blocks.text import (
    clip,
    escape,
    long_date,
    mrkdwn,
    plain,
    quote,
    sections,
    split_for_sections,
)
from slack_app.domain.audit import APP, Entry
from slack_app.domain.decisions import Decision
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import Pilot, PilotState
from slack_app.flows.decisions.messages import RequestContent, confirm, outcome_line
from slack_app.flows.pilots.modal import LABELS, P
from slack_app.flows.structure.charter import structure_menu

STATE_LINES = {
    PilotState.DRAFT: ":memo: *Draft*: only you can see it. Send it to the sponsor when ready.",
    PilotState.PROPOSED: ":hourglass: *Proposed*: waiting for <@{sponsor}>'s decision.",
    PilotState.APPROVED: ":white_check_mark: *Approved* by <@{sponsor}>. It starts on {start}.",
    PilotState.CHANGES_REQUESTED: ":pencil2: *Changes requested* by <@{sponsor}>.",
    PilotState.DECLINED: ":no_entry_sign: *Declined* by <@{sponsor}>.",
    PilotState.RUNNING: ":rocket: *Running* until {end}.",
    PilotState.CONCLUDED: ":checkered_flag: *Concluded*.",
    PilotState.WITHDRAWN: ":leftwards_arrow_with_hook: *Withdrawn* by <@{proposer}>.",
}


def _when(day: date | None) -> str:
    return long_date(day) if day else "_not set_"


def proposal_body(pilot: Pilot) -> list[Block]:
    """The whole proposal, in the proposer's words."""
    p = pilot.proposal
    sponsor = f"<@{p.sponsor_id}>" if p.sponsor_id else "_not named yet_"
    lines = [
        f"*{LABELS[P.CONCEPT]}*\n{quote(p.concept)}",
        f"*{LABELS[P.SCOPE]}*\n{quote(p.scope) if p.scope else '_not set_'}",
        f"*{LABELS[P.LEARNING]}*\n{quote(p.learning) if p.learning else '_not set_'}",
        f"*{LABELS[P.RESOURCES]}*\n{quote(p.resources) if p.resources else '_none_'}",
    ]
    blocks: list[Block] = [
        SectionBlock(text=mrkdwn(piece)) for line in lines for piece in split_for_sections(line)
    ]
    shield = " · :shield: shielded (private channel)" if pilot.shielded else ""
    blocks.append(
        SectionBlock(
            text=mrkdwn(f"*When:* {_when(p.start)} → {_when(p.end)}   *Sponsor:* {sponsor}{shield}")
        )
    )
    return blocks


def state_line(view: PilotView) -> str:
    pilot = view.pilot
    p = pilot.proposal
    line = STATE_LINES[pilot.state].format(
        sponsor=p.sponsor_id,
        proposer=pilot.proposer_id,
        start=_when(p.start),
        end=_when(p.end),
    )
    decided = view.last_decided
    if decided is not None and decided.note and pilot.state in NOTE_STATES:
        line += "\n" + quote(clip(decided.note, 2000))
    return line


NOTE_STATES = {PilotState.CHANGES_REQUESTED, PilotState.DECLINED, PilotState.APPROVED}


def _button(action: Action, label: str, pilot: Pilot, **extra: Any) -> ButtonElement:
    return ButtonElement(action_id=action, text=plain(label), value=str(pilot.id), **extra)


def _edit_button(label: str, pilot: Pilot, **extra: Any) -> ButtonElement:
    """Editing opens the stand's open proposal: the button carries the stand."""
    return ButtonElement(
        action_id=Action.OPEN_PROPOSAL, text=plain(label), value=str(pilot.stand_id), **extra
    )


def _proposer_buttons(pilot: Pilot) -> list[ButtonElement]:
    withdraw = _button(
        Action.WITHDRAW_PILOT,
        "Withdraw",
        pilot,
        confirm=confirm(
            "Withdraw the proposal?",
            "The sponsor will no longer be able to decide it.",
            "Withdraw",
        ),
    )
    edit = _edit_button("Edit", pilot)
    by_state = {
        PilotState.DRAFT: [
            _button(Action.SEND_PILOT, "Send to the sponsor", pilot, style="primary"),
            edit,
            withdraw,
        ],
        PilotState.PROPOSED: [edit, withdraw],
        PilotState.CHANGES_REQUESTED: [_edit_button("Edit and resubmit", pilot, style="primary")],
        PilotState.APPROVED: [_button(Action.START_PILOT, "Start the pilot now", pilot)],
    }
    return [*by_state.get(pilot.state, []), _button(Action.OPEN_TRAIL, "History", pilot)]


def proposer_dm(view: PilotView) -> tuple[str, list[Block]]:
    """The proposer's DM about their pilot, kept current in place."""
    pilot = view.pilot
    text = f"Your pilot proposal: {escape(clip(pilot.title, 150))}"
    blocks: list[Block] = [
        HeaderBlock(text=plain("Your pilot proposal")),
        SectionBlock(text=mrkdwn(f"For your stand: {escape(clip(view.stand.going, 300))}")),
        *proposal_body(pilot),
        *sections(state_line(view)),
        ActionsBlock(
            block_id=f"pilot_{pilot.id}_v{pilot.version}", elements=_proposer_buttons(pilot)
        ),
    ]
    return text, blocks


def pilot_header(view: PilotView) -> tuple[str, list[Block]]:
    """The pilot channel's header: the pilot and its state, edited in place."""
    pilot = view.pilot
    text = f"The pilot: {escape(clip(pilot.title, 150))}"
    blocks: list[Block] = [
        HeaderBlock(text=plain("The pilot")),
        *proposal_body(pilot),
        *sections(state_line(view)),
        ContextBlock(elements=[mrkdwn(f"Proposed by <@{pilot.proposer_id}>. Kept current here.")]),
        ActionsBlock(elements=_header_actions(pilot)),
    ]
    return text, blocks


def _header_actions(pilot: Pilot) -> list[ButtonElement | OverflowMenuElement]:
    """History always; the structure's forms once the pilot is past its proposal."""
    actions: list[ButtonElement | OverflowMenuElement] = [
        _button(Action.OPEN_TRAIL, "History", pilot)
    ]
    if pilot.open and pilot.state is not PilotState.DRAFT:
        actions.append(structure_menu(pilot.id))
    return actions


def request_content(view: PilotView, *, stale: bool) -> RequestContent:
    """What the sponsor is asked to decide."""
    pilot = view.pilot
    text = (
        f"<@{pilot.proposer_id}> asks for your buy-in to a pilot: {escape(clip(pilot.title, 150))}"
    )
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(
                f":raised_hand: <@{pilot.proposer_id}> asks for your buy-in to a pilot. "
                "You are its sponsor: approve it, ask for changes, or decline."
            )
        ),
        SectionBlock(text=mrkdwn(f"*The stand:* {escape(clip(view.stand.going, 500))}")),
        *proposal_body(pilot),
    ]
    return RequestContent(text=text, blocks=blocks, stale=stale)


def decision_news(view: PilotView, decision: Decision) -> str:
    """The proposer (and the pilot channel) hear what the sponsor decided."""
    line = outcome_line(decision, by=f"<@{decision.decider_id}>")
    next_step = {
        PilotState.APPROVED: "It starts on its start date, or press *Start the pilot now*.",
        PilotState.CHANGES_REQUESTED: "Edit the proposal and resubmit it.",
        PilotState.DECLINED: "",
    }.get(view.pilot.state, "")
    return f"*The pilot:* {escape(clip(view.pilot.title, 150))}\n{line}\n{next_step}".strip()


ACTION_WORDS = {
    "draft": "started the proposal",
    "edit": "edited the proposal",
    "submit": "sent it to the sponsor",
    "resubmit": "resubmitted it",
    "approve": "approved it",
    "request_changes": "asked for changes",
    "decline": "declined it",
    "withdraw": "withdrew it",
    "start": "started the pilot",
    "conclude": "concluded the pilot",
}
TRAIL_LIMIT = 95  # a modal holds 100 blocks


def _entry_line(entry: Entry) -> str:
    who = "The start date came:" if entry.actor_id == APP else f"<@{entry.actor_id}>"
    change = "" if entry.before == entry.after else f" · {entry.before} → {entry.after}"
    line = f"*{long_date(entry.at.date())} {entry.at:%H:%M} UTC* · {who} "
    line += f"{ACTION_WORDS.get(entry.action, entry.action)}{change} (version {entry.version})"
    if entry.note:
        line += "\n" + quote(clip(entry.note, 2000))
    return line


def trail_modal(view: PilotView, entries: list[Entry]) -> View:
    """Who did what to the pilot, and when, oldest first (the newest when there are many)."""
    shown = entries[-TRAIL_LIMIT:]
    blocks: list[Block] = [
        SectionBlock(text=mrkdwn(f"*{escape(clip(view.pilot.title, 500))}*")),
    ]
    if len(entries) > len(shown):
        blocks.append(
            ContextBlock(elements=[mrkdwn(f"The first {len(entries) - len(shown)} are left out.")])
        )
    blocks += [SectionBlock(text=mrkdwn(clip(_entry_line(e), 3000))) for e in shown]
    return View(
        type="modal", title=plain("The pilot's history"), close=plain("Close"), blocks=blocks
    )
