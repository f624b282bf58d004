"""The milestone check-in: the current milestone, its deliverables, what still waits on
approvals and funding, and buttons to say where it stands. Edited in place as answers come."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    SectionBlock,
)

from slack_app.blocks.ids import Action
from slack_app.blocks.text import clip, escape, long_date, mrkdwn, plain, sections
from slack_app.domain.checkins import current_milestone, days_left
from slack_app.domain.pilots import Pilot
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    ApprovalStatus,
    FundingStatus,
    MilestoneStatus,
    Structure,
)

DELIVERABLE_BUTTONS = 40  # a message holds 50 blocks: the rest are named, without a button
STATUS_BUTTONS = [
    (MilestoneStatus.ON_TRACK, "On track", "primary"),
    (MilestoneStatus.AT_RISK, "At risk", None),
    (MilestoneStatus.BLOCKED, "Blocked", "danger"),
    (MilestoneStatus.DONE, "Done", None),
]


def _when(due: date, today: date) -> str:
    left = days_left(due, today)
    if left > 0:
        return f"due {long_date(due)} · {left} day{'s' if left != 1 else ''} left"
    if left == 0:
        return f"due today, {long_date(due)}"
    return f"due {long_date(due)} · :warning: {-left} day{'s' if left != -1 else ''} overdue"


def pilot_checkin(
    of: Pilot,
    structure: Structure,
    today: date,
    answered: list[str] | None = None,
    milestone_id: int | None = None,
) -> tuple[str, list[Block]]:
    """The check-in for the pilot's current milestone (``today`` in the schedule's zone), or
    for ``milestone_id`` once it was posted about it; with who has answered so far.

    All it shows of the pilot is its title, so posting a batch of check-ins (or redrawing
    one) loads neither stands nor decisions."""
    pilot = escape(clip(of.title, 150))
    milestone = next((m for m in structure.milestones if m.id == milestone_id), None)
    milestone = milestone or current_milestone(structure)
    if milestone is None:
        text = f"Milestone check-in: {pilot}"
        return text, [
            HeaderBlock(text=plain("Milestone check-in")),
            SectionBlock(
                text=mrkdwn(
                    f"*{pilot}* has no open milestone. Add the next one with "
                    "`/stand milestone`, or celebrate: every milestone is done. :tada:"
                )
            ),
        ]
    title = escape(clip(milestone.title, 150))
    text = f"Milestone check-in: {title}"
    blocks: list[Block] = [
        HeaderBlock(text=plain("Milestone check-in")),
        *sections(
            f"*{title}* · {_when(milestone.due, today)}\n"
            f"Owner <@{milestone.owner_id}> · {MILESTONE_WORDS[milestone.status]} · "
            f"pilot: {pilot}"
        ),
        ActionsBlock(
            block_id=f"status_{milestone.id}",
            elements=[
                ButtonElement(
                    action_id=f"{Action.CHECKIN_STATUS}:{status.value}",
                    text=plain(label),
                    value=f"{milestone.id}:{status.value}",
                    style=style,
                )
                for status, label, style in STATUS_BUTTONS
            ],
        ),
    ]
    blocks += _deliverables(structure, milestone.id)
    blocks += sections(_waiting(structure))
    replied = ", ".join(f"<@{u}>" for u in dict.fromkeys(answered or [])) or "nobody yet"
    blocks.append(
        ContextBlock(
            elements=[
                mrkdwn(
                    "Owners: reply in this thread with how it is going. :thread: "
                    f"Answered: {replied}"
                )
            ]
        )
    )
    return text, blocks[:50]


def _deliverables(structure: Structure, milestone_id: int) -> list[Block]:
    items = structure.deliverables_of(milestone_id)
    if not items:
        return [SectionBlock(text=mrkdwn("_No deliverables in this milestone yet._"))]
    blocks: list[Block] = []
    for d in items[:DELIVERABLE_BUTTONS]:
        line = f"{escape(clip(d.title, 200))} · <@{d.owner_id}> · {long_date(d.due)}"
        if d.done:
            blocks.append(SectionBlock(text=mrkdwn(f":white_check_mark: {line}")))
            continue
        blocks.append(
            SectionBlock(
                text=mrkdwn(f":white_square: {line}"),
                accessory=ButtonElement(
                    action_id=Action.CHECKIN_DONE, text=plain("Done"), value=str(d.id)
                ),
            )
        )
    if len(items) > DELIVERABLE_BUTTONS:
        blocks.append(
            ContextBlock(elements=[mrkdwn(f"…and {len(items) - DELIVERABLE_BUTTONS} more.")])
        )
    return blocks


def _waiting(structure: Structure) -> str:
    approvals = [a for a in structure.approvals if a.status is ApprovalStatus.PENDING]
    funding = [f for f in structure.funding if f.status is FundingStatus.REQUESTED]
    lines = []
    if approvals:
        lines.append(
            "*Approvals still pending:* "
            + "; ".join(f"{escape(clip(a.what, 100))} (<@{a.approver_id}>)" for a in approvals[:10])
        )
    if funding:
        lines.append(
            "*Funding not yet committed:* "
            + "; ".join(
                f"{escape(clip(f.source, 80))} {f.amount:,.2f} {f.currency}" for f in funding[:10]
            )
        )
    return "\n".join(lines) or "Nothing waits on approvals or funding. :white_check_mark:"


def small_win(title: str, owner_id: str, *, milestone: bool) -> str:
    what = "milestone" if milestone else "deliverable"
    name = escape(clip(title, 200))
    return f":tada: Small win! The {what} *{name}* is done. Well done, <@{owner_id}>!"


def overdue_call(title: str, owner_id: str, due: date) -> str:
    return (
        f":alarm_clock: The milestone *{escape(clip(title, 200))}* was due {long_date(due)} and "
        f"is not done yet. <@{owner_id}>, what does it need?"
    )


def owners_reminder(silent: list[str]) -> str:
    people = " ".join(f"<@{u}>" for u in silent)
    return f"{people} a gentle reminder: how is it going? Reply here in the thread."
