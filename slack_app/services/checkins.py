"""F6: the check-ins' schedule and their rows: planned, claimed once, posted or skipped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.errors import InvalidInput, NotAllowed, NotFound
from slack_app.domain.pilots import Pilot
from slack_app.domain.schedules import Cadence, Schedule, read_time
from slack_app.domain.workspace import Workspace
from slack_app.services.structure import Workbench, bench_in, workbench
from slack_app.store.checkins import (
    ScheduleRepository,
    add_checkin,
    claim_due,
    finish,
    renew,
    unplanned,
)
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository

# A claim older than this was left by a process that died mid-post: another may take it
# over (and first looks in the channel for the post, so that nothing is posted twice).
LEASE = timedelta(minutes=5)


def default_schedule(pilot: Pilot) -> Schedule:
    """Weekly, Monday 09:00, in the lead's zone; the two-weekly rhythm from the start week."""
    start = pilot.proposal.start
    return Schedule(zone=pilot.zone) if start is None else Schedule(zone=pilot.zone, anchor=start)


def ensure_schedule_in(session: Session, ws: Workspace, pilot: Pilot, now: datetime) -> None:
    """A pilot that starts running gets the default schedule, unless it has one."""
    schedules = ScheduleRepository(session, ws)
    if schedules.get(pilot.id) is None:
        schedules.put(pilot.id, default_schedule(pilot), since=now)


def plan_checkins(db: Database) -> int:
    """Give every running pilot without one its next check-in row: after its last one (so
    that check-ins missed while nothing ran are not forgotten), or after the schedule was
    set."""
    with db.transaction() as session:
        waiting = unplanned(session)
    planned = 0
    for pilot in waiting:
        # After the last one, or from when the schedule was set: never from "now", so that
        # a check-in due while nothing ran is still posted (or skipped when stale).
        after = max(pilot.last_due or pilot.since, pilot.since)
        with db.transaction() as session:
            # The schedule as it is now, locked: a pause or a change made since it was read
            # must not leave a check-in on the old schedule.
            current = ScheduleRepository(session, pilot.workspace).get(
                pilot.pilot_id, for_update=True
            )
            if current is None or current != (pilot.schedule, False):
                continue
            planned += add_checkin(
                session, pilot.workspace, pilot.pilot_id, pilot.schedule.next_after(after)
            )
    return planned


@dataclass(frozen=True, slots=True)
class Claimed:
    """A check-in this process has claimed, with the pilot it belongs to as it is now."""

    workspace: Workspace
    checkin: Checkin
    bench: Workbench
    schedule: Schedule
    paused: bool = False

    @property
    def may_be_posted(self) -> bool:
        """Claimed before (by a process that died, or released after an error that may have
        come after Slack stored it): look in the channel before posting."""
        return self.checkin.attempts > 1


def claim_checkins(db: Database, now: datetime, *, limit: int = 200) -> list[Claimed]:
    """Claim a batch: small enough to be posted well within the lease even when Slack is
    slow (200 at 0.3 s is a minute of a five-minute lease)."""
    with db.transaction() as session:
        claimed = claim_due(session, now, lease=LEASE, limit=limit)
        schedules = {
            checkin.id: ScheduleRepository(session, ws).get(checkin.pilot_id)
            for ws, checkin, _ in claimed
        }
    found = []
    for ws, checkin, _ in claimed:
        bench = workbench(db, ws, actor_id=None, pilot_id=checkin.pilot_id)
        entry = schedules[checkin.id]
        schedule, paused = entry if entry else (default_schedule(bench.pilot), False)
        found.append(Claimed(ws, checkin, bench, schedule, paused))
    return found


def renew_claim(db: Database, claimed: Claimed, at: datetime) -> Claimed | None:
    """The claim, renewed as of ``at`` just before posting; None when it was lost."""
    with db.transaction() as session:
        if not renew(session, claimed.checkin.id, claimed.checkin.claimed_at or at, at):
            return None
    return replace(claimed, checkin=replace(claimed.checkin, claimed_at=at))


def mark_posted(
    db: Database,
    claimed: Claimed,
    *,
    channel_id: str,
    ts: str,
    milestone_id: int | None,
    remind_at: datetime | None,
    now: datetime,
) -> bool:
    with db.transaction() as session:
        return finish(
            session,
            claimed.checkin.id,
            claimed.checkin.claimed_at or now,
            state=CheckinState.POSTED.value,
            channel_id=channel_id,
            ts=ts,
            milestone_id=milestone_id,
            remind_at=remind_at,
            posted_at=now,
        )


def mark_skipped(db: Database, claimed: Claimed, now: datetime) -> bool:
    with db.transaction() as session:
        return finish(
            session,
            claimed.checkin.id,
            claimed.checkin.claimed_at or now,
            state=CheckinState.SKIPPED.value,
        )


def release(db: Database, claimed: Claimed, now: datetime) -> bool:
    """Posting failed: the check-in is due again, for the next tick."""
    with db.transaction() as session:
        return finish(
            session,
            claimed.checkin.id,
            claimed.checkin.claimed_at or now,
            state=CheckinState.DUE.value,
            claimed_at=None,
        )


def schedule_of(db: Database, ws: Workspace, pilot: Pilot) -> tuple[Schedule, bool]:
    """The pilot's schedule and whether it is paused (the default one until it runs)."""
    with db.transaction() as session:
        found = ScheduleRepository(session, ws).get(pilot.id)
    return found or (default_schedule(pilot), False)


def set_schedule(
    db: Database,
    ws: Workspace,
    *,
    pilot_id: int,
    actor_id: str,
    raw: dict[str, str | None],
    paused: bool,
    now: datetime,
) -> Schedule:
    """Change (or pause, or resume) the schedule; check-ins are due from ``now`` on, and any
    planned under the old schedule are dropped. Only those who may edit the structure."""
    schedule = _checked(raw)
    with db.transaction() as session:
        pilot = PilotRepository(session, ws).get(pilot_id, for_update=True)
        if pilot is None:
            raise NotFound("That pilot is no longer here.")
        if not bench_in(session, ws, pilot, actor_id).may_edit:
            raise NotAllowed(
                f"Only the lead, <@{pilot.proposer_id}>, and the people they allow can change "
                "the check-ins."
            )
        schedules = ScheduleRepository(session, ws)
        before = schedules.get(pilot_id)
        anchor = before[0].anchor if before else default_schedule(pilot).anchor
        schedule = replace(schedule, anchor=anchor)  # two-weekly keeps its rhythm
        schedules.put(pilot_id, schedule, since=now, paused=paused)
        schedules.drop_due(pilot_id)
    return schedule


def _checked(raw: dict[str, str | None]) -> Schedule:
    errors: dict[str, str] = {}
    try:
        cadence = Cadence(raw.get("cadence") or "")
    except ValueError:
        errors["cadence"] = "Pick how often."
        cadence = Cadence.WEEKLY
    day = raw.get("weekday") or ""
    weekday = int(day) if day.isdigit() else -1
    if not 0 <= weekday <= 6:
        errors["weekday"] = "Pick a day of the week."
    at = read_time(raw.get("at"))
    if at is None:
        errors["at"] = "Pick a time."
    zone = raw.get("zone") or ""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["zone"] = (
            f"“{zone[:40]}” is not a time zone I know: use an IANA name like Europe/Berlin."
        )
    if errors:
        raise InvalidInput(errors)
    assert at is not None
    return Schedule(cadence, weekday, at, zone)
