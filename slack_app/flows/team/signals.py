"""What follows when someone acts on a team: apply it, redraw the roster, tell the lead,
welcome a watcher.

What is shown is read in the unit of work that applied the action, and shown after its
commit and the ack, on the effects pool: no transaction stays open across a Slack call, and
no listener calls Slack after its ack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.stands import Stand
from slack_app.domain.team import Action, Change, Signal, Standing, Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.home.tab import home_overview, show_home
from slack_app.flows.request import Request
from slack_app.flows.team.channel import welcome_watcher
from slack_app.services import Database, UnitOfWork
from slack_app.services.home import StandsOverview
from slack_app.services.stands import stand_by_id
from slack_app.services.team import apply_team_action
from slack_app.slack.errors import best_effort
from slack_app.slack.posting import tell


@dataclass(frozen=True, slots=True)
class Moved:
    """Someone's standing moved, and what the channel, the lead and they are shown of it."""

    team: Team
    action: Action
    change: Change
    released_first_follower: bool  # they left the team, and with it the role
    lead_home: StandsOverview | None  # the lead's Home, when their first follower left
    welcome: Stand | None  # the stand shown to someone who joined the channel to watch


def move(uow: UnitOfWork, team: Team, action: Action, *, now: datetime) -> Moved | None:
    """Apply ``action`` in ``uow`` (which records the roster's redraw), and read what else
    will be shown of it; None if nothing moved."""
    applied = apply_team_action(uow, team, action, now)
    change = applied.change
    if change is None:
        return None
    released = applied.released_first_follower
    joined = action.signal is Signal.CHANNEL and action.on and change.after is Standing.WATCHER
    return Moved(
        team,
        action,
        change,
        released,
        home_overview(uow, team.lead_id) if released else None,
        stand_by_id(uow, team.stand_id) if joined else None,
    )


def show_move(client: WebClient, db: Database, workspace: Workspace, moved: Moved) -> None:
    """Tell the lead, refresh their Home, welcome a watcher; committed first, so the Slack
    calls are best effort (logged when they fail): a failure never undoes or misreports what
    people did. The roster is the outbox's to redraw.

    Runs after the ack, on the effects pool: it takes no request, only plain values.
    """
    team, action, change = moved.team, moved.action, moved.change
    left = action.signal is Signal.CHANNEL and not action.on
    if left and change.before is Standing.MEMBER and change.user_id != team.lead_id:
        held = (
            "your first follower; the stand has no first follower now"
            if moved.released_first_follower
            else "on the team"
        )
        text = (
            f":wave: <@{change.user_id}> left <#{team.channel_id}>. They were {held}; they "
            "are off the team now, and the roster is updated."
        )
        tell(client, team.lead_id, text, what="tell the lead")
    home = moved.lead_home
    if home is not None:
        best_effort("refresh the lead's Home", lambda: show_home(client, team.lead_id, home))
    if moved.welcome is not None:
        welcome_watcher(client, team, moved.welcome, change.user_id)


def show_after_ack(req: Request, moved: Moved | None) -> None:
    """Hand what ``moved`` shows to the effects pool; the caller has committed it."""
    if moved is None:
        return
    client, db, workspace = req.client, req.db, req.workspace
    req.after_ack(lambda: show_move(client, db, workspace, moved))


def opt_in_or_out(req: Request, team: Team, action: Action) -> bool:
    """Apply a signal (a reaction, a press, a join) by the one rule for who may be on a
    team: an active human of this workspace. False when ``action`` is an opt-in by anyone
    else (another app's bot, Slackbot, a deactivated account, a stranger), which changes
    nothing.

    Who they are is Slack's to say, so the request's unit of work is committed before
    asking and the opt-in applied in a new one: no transaction is open across the call.
    Leaving needs no such check. When Slack cannot answer in time, they are taken for the
    person they most likely are.
    """
    if not action.on:
        apply_and_show(req, team, action)
        return True
    req.commit_and_go_on()
    person = req.person(action.user_id)
    if person is None or not person.can_take_part:
        return False
    apply_and_show(req, team, action)
    return True


def apply_and_show(req: Request, team: Team, action: Action) -> None:
    """Apply ``action`` over the request's unit of work, commit it, then show what moved
    after the ack."""
    moved = move(req.uow, team, action, now=req.now())
    req.commit()
    show_after_ack(req, moved)
