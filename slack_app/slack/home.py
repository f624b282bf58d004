"""The Home tab, redrawn for one person from what is stored now."""

from __future__ import annotations

from slack_sdk import WebClient

from slack_app.blocks.home import HOME_STAND_LIMIT, home_view
from slack_app.domain.workspace import Workspace
from slack_app.services.pilot_reads import pilots_of_stands
from slack_app.services.stands import stands_of
from slack_app.services.team import team_summaries
from slack_app.store.database import Database


def publish_home(client: WebClient, db: Database, ws: Workspace, user_id: str) -> None:
    page = stands_of(db, ws, user_id, limit=HOME_STAND_LIMIT)
    teams = team_summaries(db, ws, page.stands)
    pilots = pilots_of_stands(db, ws, [stand.id for stand in page.stands])
    view = home_view(page.stands, page.total, teams, pilots)
    client.views_publish(user_id=user_id, view=view)
