"""The milestone check-in: the current milestone, its deliverables, what still waits on
approvals and funding, and buttons to say where it stands. Edited in place as answers come.

Built as Slack's JSON, not as slack_sdk's Block objects like the other flows' messages:
check-ins are posted by the thousand at 09:00 on a Monday, and serialising Block objects
(slack_sdk validates each one as it goes) was the largest part of what posting one cost
us. Slack checks these on arrival, and the tests' fake Slack checks them the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_app.blocks.ids import Action
from slack_app.blocks.text import clip, escape, long_date, split_for_sections
from slack_app.domain.checkins import current_milestone, days_left
from slack_app.domain.pilots import Pilot
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    ApprovalStatus,
    FundingStatus,
    MilestoneStatus,
    Structure,
)

Json = dict[str, Any]
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
) -> tuple[str, list[Json]]:
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
            HEADER,
            _section(
                f"*{pilot}* has no open milestone. Add the next one with "
                "`/stand milestone`, or celebrate: every milestone is done. :tada:"
            ),
        ]
    title = escape(clip(milestone.title, 150))
    text = f"Milestone check-in: {title}"
    blocks: list[Json] = [
        HEADER,
        *_sections(
            f"*{title}* · {_when(milestone.due, today)}\n"
            f"Owner <@{milestone.owner_id}> · {MILESTONE_WORDS[milestone.status]} · "
            f"pilot: {pilot}"
        ),
        {
            "type": "actions",
            "block_id": f"status_{milestone.id}",
            "elements": [
                _button(
                    f"{Action.CHECKIN_STATUS}:{status.value}",
                    label,
                    f"{milestone.id}:{status.value}",
                    style,
                )
                for status, label, style in STATUS_BUTTONS
            ],
        },
    ]
    blocks += _deliverables(structure, milestone.id)
    blocks += _sections(_waiting(structure))
    replied = ", ".join(f"<@{u}>" for u in dict.fromkeys(answered or [])) or "nobody yet"
    blocks.append(
        _context(f"Owners: reply in this thread with how it is going. :thread: Answered: {replied}")
    )
    return text, blocks[:50]


def _deliverables(structure: Structure, milestone_id: int) -> list[Json]:
    items = structure.deliverables_of(milestone_id)
    if not items:
        return [_section("_No deliverables in this milestone yet._")]
    blocks: list[Json] = []
    for d in items[:DELIVERABLE_BUTTONS]:
        line = f"{escape(clip(d.title, 200))} · <@{d.owner_id}> · {long_date(d.due)}"
        if d.done:
            blocks.append(_section(f":white_check_mark: {line}"))
            continue
        done = _button(Action.CHECKIN_DONE, "Done", str(d.id))
        blocks.append(_section(f":white_square: {line}", accessory=done))
    if len(items) > DELIVERABLE_BUTTONS:
        blocks.append(_context(f"…and {len(items) - DELIVERABLE_BUTTONS} more."))
    return blocks


def _plain(text: str) -> Json:
    return {"type": "plain_text", "text": text, "emoji": True}


def _mrkdwn(text: str) -> Json:
    return {"type": "mrkdwn", "text": text}


HEADER: Json = {"type": "header", "text": _plain("Milestone check-in")}


def _section(text: str, *, accessory: Json | None = None) -> Json:
    block: Json = {"type": "section", "text": _mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def _sections(text: str) -> list[Json]:
    """mrkdwn of any length as as many sections as Slack's 3,000-character limit needs."""
    return [_section(piece) for piece in split_for_sections(text)]


def _context(text: str) -> Json:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _button(action_id: str, label: str, value: str, style: str | None = None) -> Json:
    button: Json = {"type": "button", "action_id": action_id, "text": _plain(label)}
    button["value"] = value
    if style is not None:
        button["style"] = style
    return button


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
