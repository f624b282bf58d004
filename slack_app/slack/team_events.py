"""What follows when someone acts on a team: apply it, redraw the roster, tell the lead."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.team import Action, Change, Signal, Standing, Team
from slack_app.domain.workspace import Workspace
from slack_app.services.stands import stand_by_id
from slack_app.services.team import apply_action, release_first_follower
from slack_app.slack.declarations import publish_home
from slack_app.slack.errors import error_code
from slack_app.slack.teams import refresh_roster
from slack_app.store.database import Database

log = logging.getLogger(__name__)


def apply_and_show(
    client: WebClient, db: Database, ws: Workspace, team: Team, action: Action
) -> Change | None:
    """Apply ``action``; when someone's standing moved, edit the roster and tell the lead."""
    change = apply_action(db, ws, team.id, action)
    if change is None:
        return None
    refresh_roster(client, db, ws, team)
    left = action.signal is Signal.CHANNEL and not action.on
    if left and change.before is Standing.MEMBER and change.user_id != team.lead_id:
        tell_lead_who_left(client, db, ws, team, change.user_id)
    return change


def release_roles(client: WebClient, db: Database, ws: Workspace, team: Team, user_id: str) -> str:
    """A member left: release what they held; says what that was, for the lead."""
    stand = stand_by_id(db, ws, team.stand_id)
    if stand.first_follower_id != user_id:
        return "on the team"
    release_first_follower(db, ws, stand.id, user_id)
    try:
        publish_home(client, db, ws, team.lead_id)
    except SlackApiError as error:
        log.warning("could not refresh the lead's Home: %s", error_code(error))
    return "your first follower; the stand has no first follower now"


def tell_lead_who_left(
    client: WebClient, db: Database, ws: Workspace, team: Team, user_id: str
) -> None:
    held = release_roles(client, db, ws, team, user_id)
    text = (
        f":wave: <@{user_id}> left <#{team.channel_id}>. They were {held}; they are off the "
        "team now, and the roster is updated."
    )
    try:
        client.chat_postMessage(channel=team.lead_id, text=text)
    except SlackApiError as error:
        log.warning("could not tell the lead of team %s: %s", team.id, error_code(error))
