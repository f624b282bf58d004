"""One package per subject: its listeners (its `routes.register(app)` names its ids), the
Slack side of its flow and its Block Kit builders. Any flow is one hop from its id.

`/stand` belongs to the stands flow; a sub-command that opens another subject's modal is
named in that subject's `routes.SUBCOMMANDS`.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.flows.checkins import routes as checkins_routes
from slack_app.flows.decisions import routes as decisions_routes
from slack_app.flows.departures import routes as departures_routes
from slack_app.flows.errors import handle_error
from slack_app.flows.followers import routes as followers_routes
from slack_app.flows.home import routes as home_routes
from slack_app.flows.pilots import routes as pilots_routes
from slack_app.flows.stands import routes as stands_routes
from slack_app.flows.structure import routes as structure_routes
from slack_app.flows.team import routes as team_routes

SUBCOMMANDS = {
    **pilots_routes.SUBCOMMANDS,
    **structure_routes.SUBCOMMANDS,
    **checkins_routes.SUBCOMMANDS,
}
# The manifest's event subscriptions, and the event type each delivers.
SUBSCRIPTIONS = {
    **{name: name for name in home_routes.EVENTS},
    **{name: name for name in team_routes.EVENTS},
    **{name: name for name in departures_routes.EVENTS},
    **checkins_routes.MESSAGE_SUBSCRIPTIONS,
}
EVENTS = {
    **home_routes.EVENTS,
    **team_routes.EVENTS,
    **checkins_routes.EVENTS,
    **departures_routes.EVENTS,
}


def register_flows(app: App) -> None:
    stands_routes.register(app, subcommands=SUBCOMMANDS)
    followers_routes.register(app)
    home_routes.register(app)
    team_routes.register(app)
    pilots_routes.register(app)
    decisions_routes.register(app)
    structure_routes.register(app)
    checkins_routes.register(app)
    departures_routes.register(app)
    app.error(handle_error)
