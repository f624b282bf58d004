"""Check-in schedules: each pilot's cadence, day, time and zone, and whether it is set."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    delete,
    select,
)

from slack_app.domain.checkins import CheckinState
from slack_app.domain.schedules import Cadence, Schedule
from slack_app.store.models import (
    CheckinRow,
    CheckinScheduleRow,
)
from slack_app.store.repository import Repository


class ScheduleRepository(Repository):
    """A workspace's check-in schedules (its queries scoped, and its new rows stamped, by
    the unit of work's session)."""

    def _row(self, pilot_id: int, *, for_update: bool = False) -> CheckinScheduleRow | None:
        query = select(CheckinScheduleRow).where(CheckinScheduleRow.pilot_id == pilot_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def get(self, pilot_id: int, *, for_update: bool = False) -> tuple[Schedule, bool] | None:
        """The schedule and whether it is paused (its row locked, with ``for_update``)."""
        row = self._row(pilot_id, for_update=for_update)
        return None if row is None else (to_schedule(row), row.paused)

    def put(
        self, pilot_id: int, schedule: Schedule, *, since: datetime, paused: bool = False
    ) -> None:
        """Set the schedule; check-ins are due from ``since`` on."""
        row = self._row(pilot_id)
        if row is None:
            row = CheckinScheduleRow(
                pilot_id=pilot_id,
            )
            self._session.add(row)
        row.cadence, row.weekday, row.at = schedule.cadence, schedule.weekday, schedule.at
        row.zone, row.anchor, row.paused = schedule.zone, schedule.anchor, paused
        row.since = since
        self._session.flush()

    def drop_due(self, pilot_id: int) -> int:
        """Forget check-ins not yet claimed (the schedule changed, or it was paused)."""
        result = self._session.execute(
            delete(CheckinRow).where(
                CheckinRow.pilot_id == pilot_id,
                CheckinRow.state == CheckinState.DUE.value,
            )
        )
        return int(getattr(result, "rowcount", 0))


def to_schedule(row: CheckinScheduleRow) -> Schedule:
    return Schedule(Cadence(row.cadence), row.weekday, row.at, row.zone, row.anchor)
