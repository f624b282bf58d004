"""The per-process ticker runs the due work on its own."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from slack_app.domain.workspace import Workspace
from slack_app.scheduler.ticker import start_ticker
from slack_app.store.database import Database
from slack_app.store.models import ProcessedEventRow
from tests.support.clock import Clock
from tests.support.waiting import eventually


def event_ids(db: Database) -> list[str]:
    with db.across_workspaces() as session:
        return list(
            session.scalars(select(ProcessedEventRow.event_id).order_by(ProcessedEventRow.event_id))
        )


def test_the_ticker_forgets_event_ids_older_than_a_day(db: Database, clock: Clock) -> None:
    with db.unit_of_work(Workspace("T1")) as uow:
        for event_id, age in (("Ev0OLD", timedelta(days=2)), ("Ev0NEW", timedelta(hours=1))):
            uow.session.add(ProcessedEventRow(event_id=event_id, received_at=clock.now() - age))

    ticker = start_ticker(db, now=clock.now, every_seconds=0.2)
    try:
        eventually(lambda: event_ids(db) == ["Ev0NEW"])
    finally:
        ticker.shutdown(wait=True)

    with db.across_workspaces() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEventRow)) == 1
