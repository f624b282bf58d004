"""What follows when someone acts on a team: apply it, redraw the roster, tell the lead."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.team import Action, Change, Signal, Standing, Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import publish_home
from slack_app.flows.team.channel import refresh_roster
from slack_app.services import Database
from slack_app.services.team import apply_team_action
from slack_app.slack.errors import best_effort


def apply_and_show(
    client: WebClient, db: Database, ws: Workspace, team: Team, action: Action, *, now: datetime
) -> Change | None:
    """Apply ``action``; when someone's standing moved, edit the roster and tell the lead.

    The change is saved first; the Slack calls after it are best effort (logged when they
    fail), so a failed edit never undoes or misreports what people did.
    """
    applied = apply_team_action(db, ws, team, action, now)
    change = applied.change
    if change is None:
        return None
    best_effort("redraw the roster", lambda: refresh_roster(client, db, ws, team))
    left = action.signal is Signal.CHANNEL and not action.on
    if left and change.before is Standing.MEMBER and change.user_id != team.lead_id:
        held = (
            "your first follower; the stand has no first follower now"
            if applied.released_first_follower
            else "on the team"
        )
        text = (
            f":wave: <@{change.user_id}> left <#{team.channel_id}>. They were {held}; they "
            "are off the team now, and the roster is updated."
        )
        best_effort(
            "tell the lead", lambda: client.chat_postMessage(channel=team.lead_id, text=text)
        )
    if applied.released_first_follower:
        best_effort("refresh the lead's Home", lambda: publish_home(client, db, ws, team.lead_id))
    return change
