"""The declaration modal's submission: check, store, close, then announce."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.domain.errors import InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.stands import StandField
from slack_app.domain.workspace import Workspace
from slack_app.flows.stands.declaring import announce
from slack_app.flows.stands.modal import parse_declare_stand
from slack_app.middleware import Deps
from slack_app.services import UnitOfWork
from slack_app.services.stands import declare_stand
from slack_app.slack.people import PeopleUnavailable

# When Slack cannot tell us the author's time zone in time, judge "in the future" by the
# earliest calendar on Earth (UTC-12), so that no one's tomorrow is refused.
EARLIEST_ZONE = "Etc/GMT+12"
CANT_CHECK = (
    "I couldn't check this person with Slack just now. Submit again in a moment, or leave it empty."
)


def handle_declare_stand(
    *,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
    uow: UnitOfWork,
) -> None:
    """Errors go back inline and nothing is stored; a good stand is stored before the ack.

    Storing (and committing) before the ack means the modal only closes once the stand is
    safe, so a person never loses what they wrote.
    """
    author_id = body["user"]["id"]
    draft = parse_declare_stand(view).cleaned()
    try:
        author = deps.people.lookup(client, workspace.team_id, author_id)
    except PeopleUnavailable:
        author = None
    author = author or Person(author_id, tz=EARLIEST_ZONE)
    follower = None
    if draft.first_follower_id and draft.first_follower_id != author_id:
        try:
            follower = deps.people.lookup(client, workspace.team_id, draft.first_follower_id)
        except PeopleUnavailable:
            ack(response_action="errors", errors={StandField.FIRST_FOLLOWER.value: CANT_CHECK})
            return
    now = deps.now()
    try:
        declared = declare_stand(
            uow,
            author_id=author_id,
            draft=draft,
            now=now,
            today=author.today(now),
            first_follower=follower,
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    uow.commit()
    ack()
    announce(client, deps.db, workspace, declared)
