"""The charter: the whole structure of accountability in one message in the pilot channel,
edited in place. However large the pilot, it fits Slack's limits (50 blocks, 3,000
characters a section): when the whole would not fit, the message summarises and the full
charter opens in a modal (100 blocks) from its button."""

from __future__ import annotations

from decimal import Decimal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    Option,
    OverflowMenuElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action
from slack_app.blocks.text import clip, escape, long_date, mrkdwn, plain, sections
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import STATE_WORDS
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    ApprovalStatus,
    FundingStatus,
    Kind,
    PilotDates,
    Structure,
)
from slack_app.domain.team import Roster

MESSAGE_BLOCKS = 50
# Beyond this much text a channel message is a wall nobody reads (and Slack folds it behind
# "Show more"): the message summarises and the whole charter opens in a modal.
MESSAGE_TEXT = 12_000
MODAL_BLOCKS = 100
BUTTONS = [
    (Kind.MILESTONE, "Milestones"),
    (Kind.DELIVERABLE, "Deliverables"),
    (Kind.ROLE, "Roles"),
    (Kind.FUNDING, "Funding"),
    (Kind.APPROVAL, "Approvals"),
]
APPROVAL_MARKS = {
    ApprovalStatus.PENDING: ":hourglass:",
    ApprovalStatus.APPROVED: ":white_check_mark:",
    ApprovalStatus.CHANGES_REQUESTED: ":pencil2:",
    ApprovalStatus.DECLINED: ":no_entry_sign:",
}


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _title(view: PilotView) -> list[Block]:
    pilot = view.pilot
    return [
        HeaderBlock(text=plain("The charter")),
        *sections(
            f"*The stand:* {escape(clip(view.stand.going, 500))}\n"
            f"*The pilot:* {escape(clip(pilot.title, 500))} · {STATE_WORDS[pilot.state]}"
        ),
    ]


def _roles(view: PilotView, structure: Structure, team: Roster | None) -> str:
    lines = [f"<@{view.pilot.proposer_id}> · *Lead*"]
    for role in structure.roles:
        right = " · can edit the structure" if role.can_edit else ""
        duty = " ".join(role.responsibility.split())  # one line a role, whatever was typed
        lines.append(f"<@{role.user_id}> · *{escape(role.name)}*: {escape(duty)}{right}")
    if team is not None and team.members:
        on_team = ", ".join(f"<@{line.user_id}>" for line in team.members)
        lines.append(f"On the team ({len(team.members)}): {on_team}")
    return "*Team and roles*\n" + "\n".join(lines)


def _timeline(view: PilotView, structure: Structure) -> str:
    p = view.pilot.proposal
    dates = PilotDates(p.start, p.end)
    span = f"{long_date(p.start) if p.start else '?'} → {long_date(p.end) if p.end else '?'}"
    lines = [f"*Timeline* · {span}"]
    if not structure.milestones:
        lines.append("_No milestones yet._")
    for m in structure.timeline():
        warn = " :warning: outside the pilot's dates" if dates.outside(m.due) else ""
        lines.append(
            f"*{escape(m.title)}* · due {long_date(m.due)} · <@{m.owner_id}> · "
            f"{MILESTONE_WORDS[m.status]}{warn}"
        )
        for d in structure.deliverables_of(m.id):
            mark = ":white_check_mark:" if d.done else ":white_square:"
            lines.append(f"      {mark} {escape(d.title)} · <@{d.owner_id}> · {long_date(d.due)}")
    return "\n".join(lines)


def _funding(structure: Structure) -> str:
    lines = ["*Funding*"]
    if not structure.funding:
        lines.append("_No funding sources yet._")
    for currency, row in structure.totals().items():
        lines.append(
            f"{currency}: {_money(row[FundingStatus.REQUESTED])} requested · "
            f"{_money(row[FundingStatus.COMMITTED])} committed · "
            f"{_money(row[FundingStatus.RECEIVED])} received"
        )
    for f in structure.funding:
        by = f" by <@{f.committed_by}>" if f.committed_by else ""
        lines.append(
            f"• {escape(f.source)} · {_money(f.amount)} {f.currency} · {f.status.value}{by}"
        )
    return "\n".join(lines)


def _approvals(structure: Structure) -> str:
    lines = ["*Necessary approvals*"]
    if not structure.approvals:
        lines.append("_None yet._")
    for a in structure.approvals:
        state = a.status.value.replace("_", " ")
        lines.append(
            f"{APPROVAL_MARKS[a.status]} {escape(a.what)} · <@{a.approver_id}> · "
            f"due {long_date(a.due)} · {state}"
        )
    return "\n".join(lines)


def _body(view: PilotView, structure: Structure, team: Roster | None) -> list[Block]:
    return [
        *sections(_roles(view, structure, team)),
        *sections(_timeline(view, structure)),
        *sections(_funding(structure)),
        *sections(_approvals(structure)),
    ]


def _buttons(pilot_id: int, *, full: bool) -> ActionsBlock:
    elements = [
        ButtonElement(
            action_id=f"{Action.OPEN_STRUCTURE}:{kind.value}",
            text=plain(label),
            value=f"{kind.value}:{pilot_id}",
        )
        for kind, label in BUTTONS
    ]
    elements.append(
        ButtonElement(action_id=Action.OPEN_SCHEDULE, text=plain("Check-ins"), value=str(pilot_id))
    )
    if full:
        elements.append(
            ButtonElement(
                action_id=Action.OPEN_FULL_CHARTER,
                text=plain("Full charter"),
                value=str(pilot_id),
                style="primary",
            )
        )
    return ActionsBlock(block_id=f"charter_{pilot_id}", elements=elements)


def structure_menu(pilot_id: int) -> OverflowMenuElement:
    """ "Structure…": the six parts' forms from one compact menu (the header, the Home tab)."""
    return OverflowMenuElement(
        action_id=f"{Action.OPEN_STRUCTURE}:menu",
        options=[Option(value=f"{kind.value}:{pilot_id}", text=label) for kind, label in BUTTONS],
    )


def _summary(structure: Structure) -> str:
    done = sum(1 for d in structure.deliverables if d.done)
    upcoming = [m for m in structure.timeline() if m.status.value != "done"]
    nxt = (
        f" Next: *{escape(clip(upcoming[0].title, 150))}*, due {long_date(upcoming[0].due)}."
        if upcoming
        else ""
    )
    pending = sum(1 for a in structure.approvals if a.status is ApprovalStatus.PENDING)
    return (
        f"*{len(structure.milestones)} milestones*, *{done} of {len(structure.deliverables)} "
        f"deliverables done*, *{len(structure.roles)} roles*, *{len(structure.funding)} funding "
        f"sources*, *{len(structure.approvals)} approvals* ({pending} pending).{nxt}\n"
        "The whole charter is too long for one message: press *Full charter* to read it."
    )


def charter_message(
    view: PilotView, structure: Structure, team: Roster | None = None
) -> tuple[str, list[Block]]:
    """The charter message: whole when it fits in one message, a summary otherwise."""
    text = f"The charter of the pilot: {escape(clip(view.pilot.title, 150))}"
    footer = ContextBlock(elements=[mrkdwn("Kept current here after every change.")])
    whole = [
        *_title(view),
        *_body(view, structure, team),
        footer,
        _buttons(view.pilot.id, full=False),
    ]
    if len(whole) <= MESSAGE_BLOCKS and _length(whole) <= MESSAGE_TEXT:
        return text, whole
    summary: list[Block] = [
        *_title(view),
        *sections(_funding_totals(structure)),
        SectionBlock(text=mrkdwn(_summary(structure))),
        footer,
        _buttons(view.pilot.id, full=True),
    ]
    return text, summary


def _length(blocks: list[Block]) -> int:
    return sum(len(b.text.text) for b in blocks if isinstance(b, SectionBlock) and b.text)


def _funding_totals(structure: Structure) -> str:
    return _funding(structure).split("\n• ")[0]


def charter_modal(view: PilotView, structure: Structure, team: Roster | None = None) -> View:
    """The full charter, for pilots too large for one message (cut at 100 blocks)."""
    blocks = [*_body(view, structure, team)]
    if len(blocks) > MODAL_BLOCKS - 2:
        left = len(blocks) - (MODAL_BLOCKS - 2)
        blocks = blocks[: MODAL_BLOCKS - 2]
        blocks.append(ContextBlock(elements=[mrkdwn(f"…and {left} more sections.")]))
    return View(type="modal", title=plain("The charter"), close=plain("Close"), blocks=blocks)
