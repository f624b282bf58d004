"""The Home tab, redrawn for one person from what is stored now."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.workspace import Workspace
from slack_app.flows.home.messages import HOME_STAND_LIMIT, home_view
from slack_app.services import Database, UnitOfWork
from slack_app.services.home import StandsOverview, stands_overview
from slack_app.services.outbox import Claimed


def home_overview(uow: UnitOfWork, user_id: str) -> StandsOverview:
    """What the Home tab shows, loaded in the caller's unit of work."""
    return stands_overview(uow, user_id, limit=HOME_STAND_LIMIT)


def show_home(client: WebClient, user_id: str, overview: StandsOverview) -> None:
    view = home_view(overview.page.stands, overview.page.total, overview.teams, overview.pilots)
    client.views_publish(user_id=user_id, view=view)


def publish_home(client: WebClient, db: Database, ws: Workspace, user_id: str) -> None:
    """Load and publish in one go, for flows not yet holding a unit of work."""
    with db.unit_of_work(ws) as uow:
        overview = home_overview(uow, user_id)
    show_home(client, user_id, overview)


def deliver_home(client: WebClient, db: Database, effect: Claimed, _now: datetime) -> None:
    """The outbox's publishing of a person's Home: drawn from what is stored now, so one
    publish after many changes shows them all."""
    publish_home(client, db, effect.workspace, str(effect.payload["user_id"]))
