"""Opening the modals that act on one of the author's stands (ask, form a team, link)."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Action
from slack_app.domain.channels import pilot_channel_name
from slack_app.domain.errors import NotFound
from slack_app.flows.followers.messages import STAND_OPTIONS_LIMIT, ask_follower_modal
from slack_app.flows.request import Request
from slack_app.flows.team.messages import form_team_modal, link_channel_modal
from slack_app.services.pilot_reads import open_pilot_of
from slack_app.services.stands import get_stand, stands_of


def open_stand_modal(
    req: Request, body: dict[str, Any], which: Action, *, stand_id: int | None
) -> None:
    """Open ``which`` modal for the acting person's stands, ``stand_id`` preselected.

    What it shows is read and built, then the unit of work committed, on the listener
    thread; Slack is asked to open it after the ack, on the effects pool.
    """
    user_id = body.get("user_id") or body["user"]["id"]
    uow = req.uow
    stands = stands_of(uow, user_id, limit=STAND_OPTIONS_LIMIT).stands
    if not stands:
        raise NotFound("Take a stand first: type `/stand`.")
    chosen = stands[0] if stand_id is None else get_stand(uow, stand_id, author_id=user_id)
    if which is Action.OPEN_ASK:
        view = ask_follower_modal(stands, chosen)
    elif which is Action.OPEN_FORM_TEAM:
        pilot = open_pilot_of(uow, chosen.id)
        shielded = pilot is not None and pilot.shielded
        view = form_team_modal(stands, chosen, pilot_channel_name(chosen.going), shielded=shielded)
    else:
        view = link_channel_modal(stands, chosen)
    uow.commit()
    req.open_modal(view)
