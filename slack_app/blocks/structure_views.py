"""Messages about parts of the structure outside the charter: the approver's request."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, SectionBlock

from slack_app.blocks.text import clip, escape, long_date, mrkdwn
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.structure import Approval
from slack_app.flows.decisions.messages import RequestContent


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
