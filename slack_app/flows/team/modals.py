"""F3 modals: form a team in a new pilot channel, or link a channel the team already has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_app.blocks.ids import Field
from slack_app.domain.channels import name_problem
from slack_app.domain.errors import InvalidInput
from slack_app.domain.stands import Stand
from slack_app.flows.request import Request, refused_on
from slack_app.flows.team.forming import (
    Settling,
    finish_unfinished,
    form_in_channel,
    link_in_channel,
)
from slack_app.flows.team.messages import parse_form_team, parse_link_channel
from slack_app.services.team import Forming, start_forming


def _start(req: Request, stand_id: int | None) -> Forming:
    """Claim the stand for forming, committed before the modal closes."""
    if stand_id is None:
        raise InvalidInput({Field.STAND.value: "Pick a stand."})
    with refused_on(Field.STAND.value):
        forming = start_forming(req.uow, stand_id=stand_id, author_id=req.user_id, now=req.now())
    req.stored()
    return forming


def _settle_after_ack(
    req: Request, forming: Forming, settle: Callable[[Settling, Stand], None]
) -> None:
    """Hand the Slack side to the effects pool: ``settle`` the stand in its channel, or, for
    a team whose vision never posted, post it in the team's own channel."""
    side, stand, unfinished = Settling.of(req), forming.stand, forming.unfinished
    if unfinished is not None:
        req.after_ack(lambda: finish_unfinished(side, stand, unfinished))
    else:
        req.after_ack(lambda: settle(side, stand))


def handle_form_team(req: Request, view: dict[str, Any]) -> None:
    stand_id, name, shielded = parse_form_team(view)
    problem = name_problem(name)
    if problem is not None:
        raise InvalidInput({Field.CHANNEL_NAME.value: problem})
    forming = _start(req, stand_id)
    _settle_after_ack(
        req, forming, lambda side, stand: form_in_channel(side, stand, name=name, private=shielded)
    )


def handle_link_channel(req: Request, view: dict[str, Any]) -> None:
    stand_id, channel_id = parse_link_channel(view)
    if channel_id is None or not channel_id.startswith(("C", "G")):
        raise InvalidInput({Field.CHANNEL.value: "Pick a channel."})
    forming = _start(req, stand_id)
    _settle_after_ack(req, forming, lambda side, stand: link_in_channel(side, stand, channel_id))
