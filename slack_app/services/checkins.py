"""F6: the check-ins' schedule and their rows: planned, claimed once, posted or skipped.

A person's request (opening or saving the schedule) runs over its unit of work. The
scheduler's planning, claiming and recording read and write every workspace at once, in
sessions opened across workspaces (``store/claims``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.errors import BrokenInvariant, InvalidInput, NotAllowed, NotFound
from slack_app.domain.pilots import Pilot
from slack_app.domain.schedules import Cadence, Schedule, read_time
from slack_app.domain.structure import Structure
from slack_app.domain.workspace import Workspace
from slack_app.services.snapshots import snapshot_in
from slack_app.store.checkin_schedules import ScheduleRepository
from slack_app.store.claims.checkins import (
    Unplanned,
    add_checkins,
    checkin_pilots,
    claim_due,
    locked_schedules,
    structures_of,
    unplanned,
)
from slack_app.store.claims.posts import finish, finish_all, record_post, renew
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.unit_of_work import UnitOfWork

# A claim older than this was left by a process that died mid-post: another may take it
# over (and first looks in the channel for the post, so that nothing is posted twice).
LEASE = timedelta(minutes=5)
# A batch's claims are renewed (all in one statement) before a post once they are this old:
# each post then has most of the lease ahead of it, and a check-in another process took
# over meanwhile is dropped before it is posted twice. Younger claims cannot have been
# taken over, unless the two processes' clocks differ by more than the rest of the lease.
RENEW_AFTER = LEASE / 10


def default_schedule(pilot: Pilot) -> Schedule:
    """Weekly, Monday 09:00, in the lead's zone; the two-weekly rhythm from the start week."""
    start = pilot.proposal.start
    return Schedule(zone=pilot.zone) if start is None else Schedule(zone=pilot.zone, anchor=start)


def ensure_schedule_in(uow: UnitOfWork, pilot: Pilot, now: datetime) -> None:
    """A pilot that starts running gets the default schedule, unless it has one."""
    schedules = ScheduleRepository(uow)
    if schedules.get(pilot.id) is None:
        schedules.put(pilot.id, default_schedule(pilot), since=now)


def plan_checkins(db: Database) -> int:
    """Give every running pilot without one its next check-in row: after its last one (so
    that check-ins missed while nothing ran are not forgotten), or after the schedule was
    set. A fixed number of statements, however many pilots wait."""
    with db.across_workspaces() as session:
        waiting = unplanned(session)
    if not waiting:
        return 0
    with db.across_workspaces() as session:
        # The schedules as they are now, locked: a pause or a change made since they were
        # read must not leave a check-in on the old schedule.
        current = locked_schedules(session, [pilot.pilot_id for pilot in waiting])
        return add_checkins(
            session,
            [
                (pilot.workspace, pilot.pilot_id, _next_due(pilot))
                for pilot in waiting
                if current.get(pilot.pilot_id) == (pilot.schedule, False)
            ],
        )


def _next_due(pilot: Unplanned) -> datetime:
    # After the last one, or from when the schedule was set: never from "now", so that a
    # check-in due while nothing ran is still posted (or skipped when stale).
    return pilot.schedule.next_after(max(pilot.last_due or pilot.since, pilot.since))


@dataclass(frozen=True, slots=True)
class Claimed:
    """A check-in this process has claimed, with what posting it needs of its pilot, as the
    pilot is now."""

    workspace: Workspace
    checkin: Checkin
    pilot: Pilot
    channel_id: str | None  # the pilot channel, once its team has one
    structure: Structure
    schedule: Schedule
    paused: bool = False

    @property
    def may_be_posted(self) -> bool:
        """Claimed before (by a process that died, or released after an error that may have
        come after Slack stored it): look in the channel before posting."""
        return self.checkin.attempts > 1

    @property
    def claim(self) -> datetime:
        """When this process claimed it (or last renewed the claim)."""
        if self.checkin.claimed_at is None:
            raise BrokenInvariant("a claimed check-in has its claim time")
        return self.checkin.claimed_at


def claim_checkins(
    db: Database, now: datetime, *, limit: int = 200, passing_over: Iterable[str] = ()
) -> list[Claimed]:
    """Claim a batch, with what posting it needs, in a fixed number of statements: small
    enough to be posted well within the lease even when Slack is slow (200 at 0.3 s is a
    minute of a five-minute lease). The workspaces ``passing_over`` names wait."""
    with db.across_workspaces() as session:
        claimed = claim_due(
            session, now, lease=LEASE, limit=limit, passing_over=frozenset(passing_over)
        )
        if not claimed:
            return []
        pilot_ids = {checkin.pilot_id for _, checkin, _ in claimed}
        pilots = checkin_pilots(session, pilot_ids)
        structures = structures_of(session, pilot_ids)
    found = []
    for ws, checkin, _ in claimed:
        of = pilots[checkin.pilot_id]
        schedule, paused = of.schedule or (default_schedule(of.pilot), False)
        structure = structures[checkin.pilot_id]
        found.append(Claimed(ws, checkin, of.pilot, of.channel_id, structure, schedule, paused))
    return found


def claims_aging(batch: Iterable[Claimed], now: datetime) -> bool:
    """Whether the batch's claims are to be renewed before its next post."""
    return any(now - one.claim >= RENEW_AFTER for one in batch)


def renew_claims(db: Database, batch: list[Claimed], at: datetime) -> list[Claimed]:
    """The batch's claims renewed as of ``at``, in one statement; those another process has
    taken over (the lease ran out) are left out: this one must not post them."""
    with db.across_workspaces() as session:
        kept = renew(session, {one.checkin.id: one.claim for one in batch}, at)
    return [
        replace(one, checkin=replace(one.checkin, claimed_at=at))
        for one in batch
        if one.checkin.id in kept
    ]


@dataclass(frozen=True, slots=True)
class Posted:
    """A check-in this process posted under its claim: what recording it writes."""

    claimed: Claimed
    channel_id: str
    ts: str
    milestone_id: int | None  # the milestone it is about, if any
    remind_at: datetime | None
    at: datetime


def mark_posted(db: Database, posts: list[Posted]) -> int:
    """Record posts, those whose claims are still this process's: one UPDATE each, in one
    transaction for them all (a commit apiece, synced to disk, costs more than a post)."""
    if not posts:
        return 0
    with db.across_workspaces() as session:
        return sum(
            record_post(
                session,
                post.claimed.checkin.id,
                post.claimed.claim,
                channel_id=post.channel_id,
                ts=post.ts,
                milestone_id=post.milestone_id,
                remind_at=post.remind_at,
                posted_at=post.at,
            )
            for post in posts
        )


def mark_skipped(db: Database, batch: list[Claimed]) -> int:
    """Not posted (the pilot stopped, paused, has no channel, or the check-in is stale):
    one statement for the batch."""
    if not batch:
        return 0
    with db.across_workspaces() as session:
        return finish_all(
            session,
            {one.checkin.id: one.claim for one in batch},
            state=CheckinState.SKIPPED.value,
        )


def release(db: Database, claimed: Claimed) -> bool:
    """Posting failed: the check-in is due again, for the next tick."""
    with db.across_workspaces() as session:
        return finish(
            session,
            claimed.checkin.id,
            claimed.claim,
            state=CheckinState.DUE.value,
            claimed_at=None,
        )


def schedule_of(uow: UnitOfWork, pilot: Pilot) -> tuple[Schedule, bool]:
    """The pilot's schedule and whether it is paused (the default one until it runs)."""
    found = ScheduleRepository(uow).get(pilot.id)
    return found or (default_schedule(pilot), False)


@dataclass(frozen=True, slots=True)
class ScheduleSet:
    """A schedule saved, and the pilot channel to tell (None until the team has one)."""

    schedule: Schedule
    channel_id: str | None


def set_schedule(
    uow: UnitOfWork,
    *,
    pilot_id: int,
    actor_id: str,
    raw: dict[str, str | None],
    paused: bool,
    now: datetime,
) -> ScheduleSet:
    """Change (or pause, or resume) the schedule; check-ins are due from ``now`` on, and any
    planned under the old schedule are dropped. Only those who may edit the structure."""
    schedule = _checked(raw)
    pilot = PilotRepository(uow).get(pilot_id, for_update=True)
    if pilot is None:
        raise NotFound("That pilot is no longer here.")
    snapshot = snapshot_in(uow, pilot, actor_id)
    if not snapshot.may_edit:
        raise NotAllowed(
            f"Only the lead, <@{pilot.proposer_id}>, and the people they allow can change "
            "the check-ins."
        )
    schedules = ScheduleRepository(uow)
    before = schedules.get(pilot_id)
    anchor = before[0].anchor if before else default_schedule(pilot).anchor
    schedule = replace(schedule, anchor=anchor)  # two-weekly keeps its rhythm
    schedules.put(pilot_id, schedule, since=now, paused=paused)
    schedules.drop_due(pilot_id)
    team = snapshot.view.team
    return ScheduleSet(schedule, None if team is None else team.channel_id)


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
    if errors or at is None:
        raise InvalidInput(errors or {"at": "Pick a time."})
    return Schedule(cadence, weekday, at, zone)
