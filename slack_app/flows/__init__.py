"""One package per subject: its listeners (its `routes.register(app)` names its ids), the
Slack side of its flow and its Block Kit builders. Any flow is one hop from its id.

`/stand` belongs to the stands flow; a sub-command that opens another subject's modal is
named in that subject's `routes.SUBCOMMANDS`.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.flows.checkins import routes as checkins
from slack_app.flows.decisions import routes as decisions
from slack_app.flows.errors import handle_error
from slack_app.flows.followers import routes as followers
from slack_app.flows.home import routes as home
from slack_app.flows.pilots import routes as pilots
from slack_app.flows.stands import routes as stands
from slack_app.flows.structure import routes as structure
from slack_app.flows.team import routes as team

SUBCOMMANDS = {**pilots.SUBCOMMANDS, **structure.SUBCOMMANDS, **checkins.SUBCOMMANDS}
# The manifest's event subscriptions, and the event type each delivers.
SUBSCRIPTIONS = {
    **{name: name for name in home.EVENTS},
    **{name: name for name in team.EVENTS},
    **checkins.MESSAGE_SUBSCRIPTIONS,
}
EVENTS = {**home.EVENTS, **team.EVENTS, **checkins.EVENTS}


def register_flows(app: App) -> None:
    stands.register(app, subcommands=SUBCOMMANDS)
    followers.register(app)
    home.register(app)
    team.register(app)
    pilots.register(app)
    decisions.register(app)
    structure.register(app)
    checkins.register(app)
    app.error(handle_error)
