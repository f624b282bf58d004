"""Declaring stands in scenario tests, and reading back what was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from slack_app.store.database import Database
from slack_app.store.models import StandRow
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values


def stored(db: Database) -> list[StandRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(StandRow).order_by(StandRow.id)))


def count(db: Database) -> int:
    with db.across_workspaces() as session:
        return int(session.scalar(select(func.count()).select_from(StandRow)) or 0)


def declare(
    slack: SlackSender, fake: FakeSlack, *, user: str = ALICE, **values: Any
) -> dict[str, Any]:
    view = open_declare_modal(slack, fake, user=user)
    response = slack.view_submission(view, stand_values(**values), user=user)
    assert response.status_code == 200
    slack.wait_idle()  # announced: its posts, DMs and Home (the outbox's), all delivered
    return response.json() if response.content else {}
