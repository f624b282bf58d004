"""The App Home tab."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action, Callback
from slack_app.blocks.text import mrkdwn, plain
from slack_app.domain.pilots import Pilot
from slack_app.domain.stands import Stand
from slack_app.domain.team import TeamSummary
from slack_app.flows.stands.messages import stand_actions, stand_summary

# A Home tab holds at most 100 blocks: two a stand leaves room for the header and buttons.
HOME_STAND_LIMIT = 45

BREAKTHROUGH_PROCESS = (
    "*Breakthrough results come from a crisis or from inspiration.*\n"
    "In a crisis, something you want is at risk of not happening or failing. With "
    "inspiration, things work, and you notice something else is possible: "
    "“Wouldn't it be cool if…”\n\n"
    "*1. Take a stand.* “It's not going to go that way… it's going to go this other way… "
    "because I say so.”\n"
    "*2. Create a team.* Start with a first follower you trust; share the vision and people "
    "opt in by what they do. At work, a *pilot* gets a sponsor's buy-in.\n"
    "*3. Create a structure of accountability.* Milestones, roles and responsibilities, "
    "deliverables, timelines, funding sources and necessary approvals."
)


def _declare_button() -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                action_id=Action.OPEN_DECLARE, text=plain("Take a stand"), style="primary"
            )
        ]
    )


def home_view(
    stands: list[Stand],
    total: int,
    teams: dict[int, TeamSummary],
    pilots: dict[int, Pilot] | None = None,
) -> View:
    """The person's stands, newest first, or the breakthrough process when they have none."""
    blocks: list[Block] = [HeaderBlock(text=plain("Stand")), _declare_button()]
    if not stands:
        blocks += [SectionBlock(text=mrkdwn(BREAKTHROUGH_PROCESS))]
    else:
        blocks += [DividerBlock(), SectionBlock(text=mrkdwn(f"*Your stands ({total})*"))]
        for stand in stands[:HOME_STAND_LIMIT]:
            pilot = (pilots or {}).get(stand.id)
            blocks.append(stand_summary(stand, teams.get(stand.id), pilot))
            actions = stand_actions(stand, teams.get(stand.id), pilot)
            if actions is not None:
                blocks.append(actions)
        if total > HOME_STAND_LIMIT:
            more = total - HOME_STAND_LIMIT
            blocks.append(ContextBlock(elements=[mrkdwn(f"…and {more} older.")]))
    return View(type="home", callback_id=Callback.HOME, blocks=blocks)
