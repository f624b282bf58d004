"""One package per subject: its listeners (its `routes.register(app)` names its ids), the
Slack side of its flow and its Block Kit builders. Any flow is one hop from its id.

Subjects still under ``listeners/`` move here one by one.
"""

from __future__ import annotations

from slack_bolt import App

from slack_app.flows.decisions import routes as decisions
from slack_app.flows.followers import routes as followers
from slack_app.flows.home import routes as home
from slack_app.flows.stands import routes as stands
from slack_app.flows.team import routes as team


def register_flows(app: App) -> None:
    stands.register(app)
    followers.register(app)
    home.register(app)
    team.register(app)
    decisions.register(app)
