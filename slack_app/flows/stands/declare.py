"""The declaration modal's submission: check, store (with its announcing, in the outbox),
close."""

from __future__ import annotations

from typing import Any

from slack_app.domain.people import Person
from slack_app.domain.stands import StandField
from slack_app.flows.request import EARLIEST_ZONE, Request
from slack_app.flows.stands.modal import parse_declare_stand
from slack_app.services.stands import declare_stand


def handle_declare_stand(req: Request, view: dict[str, Any]) -> None:
    """Errors go back inline and nothing is stored; a good stand is stored before the ack.

    Storing (and committing) before the ack means the modal only closes once the stand is
    safe, so a person never loses what they wrote; the outbox announces it after.
    """
    author_id = req.user_id
    draft = parse_declare_stand(view).cleaned()
    author = req.person(author_id) or Person(author_id, tz=EARLIEST_ZONE)
    follower = None
    if draft.first_follower_id and draft.first_follower_id != author_id:
        follower = req.person(draft.first_follower_id, field=StandField.FIRST_FOLLOWER.value)
    now = req.now()
    declare_stand(
        req.uow,
        author_id=author_id,
        draft=draft,
        now=now,
        today=author.today(now),
        first_follower=follower,
    )
    req.stored()
