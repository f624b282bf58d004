"""F3 modals: form a team in a new pilot channel, or link a channel the team already has.
The submission claims the stand and records the forming for the outbox, both committed
before the modal closes; the channel, vision and roster follow (``forming.py``)."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Field
from slack_app.domain.channels import name_problem
from slack_app.domain.errors import InvalidInput
from slack_app.domain.outbox import form_team
from slack_app.flows.request import Request, refused_on
from slack_app.flows.team.messages import parse_form_team, parse_link_channel
from slack_app.services.team import start_forming


def _form(
    req: Request,
    stand_id: int | None,
    *,
    name: str | None = None,
    private: bool = False,
    channel_id: str | None = None,
) -> None:
    """Claim the stand for forming and record its forming; a team whose vision never
    posted is finished in its own channel instead."""
    if stand_id is None:
        raise InvalidInput({Field.STAND.value: "Pick a stand."})
    now = req.now()
    with refused_on(Field.STAND.value):
        forming = start_forming(req.uow, stand_id=stand_id, author_id=req.user_id, now=now)
    stand_id, bot = forming.stand.id, req.context.bot_user_id
    if forming.unfinished is not None:
        effect = form_team(stand_id)
    else:
        effect = form_team(
            stand_id, name=name, private=private, channel_id=channel_id, bot_user_id=bot
        )
    req.uow.record([effect], now=now)
    req.stored()


def handle_form_team(req: Request, view: dict[str, Any]) -> None:
    stand_id, name, shielded = parse_form_team(view)
    problem = name_problem(name)
    if problem is not None:
        raise InvalidInput({Field.CHANNEL_NAME.value: problem})
    _form(req, stand_id, name=name, private=shielded)


def handle_link_channel(req: Request, view: dict[str, Any]) -> None:
    stand_id, channel_id = parse_link_channel(view)
    if channel_id is None or not channel_id.startswith(("C", "G")):
        raise InvalidInput({Field.CHANNEL.value: "Pick a channel."})
    _form(req, stand_id, channel_id=channel_id)
