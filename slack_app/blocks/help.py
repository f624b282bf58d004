"""`/stand help`: every sub-command, and what to do with an unknown one."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, SectionBlock

from slack_app.blocks.ids import Subcommand
from slack_app.blocks.text import clip, escape, mrkdwn

# What each sub-command does; a test checks every Subcommand is here.
SUBCOMMANDS = {
    Subcommand.DECLARE: "Take a stand: declare a breakthrough result you are committed to.",
    Subcommand.LIST: "Your stands, newest first, with first follower and team.",
    Subcommand.ASK: "Find a buddy: ask a first follower “What do you think about this idea?”",
    Subcommand.TEAM: "Form a team: a pilot channel where people opt in by what they do.",
    Subcommand.LINK: "Link a channel your team already has instead.",
    Subcommand.PILOT: "Propose a pilot to a sponsor, or edit the open proposal "
    "(in a pilot channel: that stand's pilot).",
    Subcommand.MILESTONE: "Milestones (title, due, owner, status), in a pilot channel.",
    Subcommand.DELIVERABLE: "Deliverables of each milestone and who owns them, in a pilot channel.",
    Subcommand.ROLE: "Roles and responsibilities, and who may edit the structure.",
    Subcommand.FUNDING: "Funding sources: requested, committed, received.",
    Subcommand.APPROVAL: "Necessary approvals, each decided by its approver.",
    Subcommand.CHARTER: "The charter: the whole structure of accountability.",
    Subcommand.SCHEDULE: "When the milestone check-ins come: how often, day, time, zone; pause.",
    Subcommand.HELP: "This list.",
}


def help_message(*, unknown: str | None = None) -> tuple[str, list[Block]]:
    """The help text; with ``unknown``, it first says that sub-command is not one."""
    lines = [f"`{f'/stand {name}'.strip()}` · {what}" for name, what in SUBCOMMANDS.items()]
    blocks: list[Block] = []
    text = "Stand: take a stand, form a team, build a structure of accountability."
    if unknown is not None:
        shown = escape(clip(unknown, 80))
        text = f"I don't know `/stand {shown}`. Here is what I can do."
        blocks.append(SectionBlock(text=mrkdwn(f":thinking_face: {text}")))
    blocks += [
        SectionBlock(
            text=mrkdwn("*Stand* helps you turn a stand into a breakthrough.\n" + "\n".join(lines))
        ),
        ContextBlock(
            elements=[mrkdwn("You can also open the Stand app's *Home* tab to see your stands.")]
        ),
    ]
    return text, blocks
