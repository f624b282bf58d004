"""Messages about parts of the structure outside the charter: the approver's request, and
what a new owner is told."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, SectionBlock

from slack_app.blocks.text import clip, escape, long_date, mrkdwn
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.structure import Approval, Deliverable, Milestone, Role
from slack_app.flows.decisions.messages import RequestContent
from slack_app.services.structure import Changed


def approval_request(
    approval: Approval, view: PilotView, requester_id: str, *, stale: bool
) -> RequestContent:
    """What the approver is asked to decide, with the pilot it belongs to."""
    pilot = escape(clip(view.pilot.title, 300))
    text = f"<@{requester_id}> asks for your approval: {escape(clip(approval.what, 150))}"
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(
                f":raised_hand: <@{requester_id}> asks for your approval, a necessary approval "
                f"of the pilot *{pilot}*. Approve it, ask for changes, or decline."
            )
        ),
        SectionBlock(
            text=mrkdwn(
                f"*What needs approving:* {escape(approval.what)}\n"
                f"*Due:* {long_date(approval.due)}   *Lead:* <@{view.pilot.proposer_id}>"
            )
        ),
    ]
    return RequestContent(text=text, blocks=blocks, stale=stale)


def what_they_own(changed: Changed) -> str:
    """The DM to someone who now owns or holds the part just saved."""
    item, title = changed.item, escape(clip(changed.snapshot.pilot.title, 150))
    if isinstance(item, Milestone):
        return (
            f"You now own the milestone *{escape(item.title)}* of the pilot {title}, "
            f"due {long_date(item.due)}."
        )
    if isinstance(item, Deliverable):
        return (
            f"You now own the deliverable *{escape(item.title)}* of the pilot {title}, "
            f"due {long_date(item.due)}."
        )
    if isinstance(item, Role):
        return (
            f"You are now *{escape(item.name)}* on the pilot {title}, responsible for: "
            f"{escape(item.responsibility)}"
        )
    return f"You now hold a part of the pilot {title}."
