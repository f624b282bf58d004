"""Many running pilots at once, written straight into the store, each with its own pilot
channel in the fake Slack and a check-in due at the same instant."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time

from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import Cadence, Schedule
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.store.checkins import ScheduleRepository
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.structure import StructureRepository
from slack_app.store.teams import TeamRepository
from tests.fakeslack import FakeSlack
from tests.store.test_pilots_repository import PROPOSAL
from tests.support.factories import a_draft

SET_AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
DUE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the next Monday 09:00 UTC
LEAD = "U0LEAD0001"


def running_pilots(db: Database, fake: FakeSlack, count: int) -> list[str]:
    """``count`` running pilots, weekly on Monday at 09:00 UTC: their channels."""
    ws = Workspace(fake.team_id)
    channels = []
    with db.transaction() as session:
        for n in range(count):
            channel = f"C0PILOT{n:04d}"
            fake.add_channel(channel, name=f"pilot-{n:04d}", members={LEAD}, bot_is_member=True)
            stand = StandRepository(session, ws).add(author_id=LEAD, draft=a_draft())
            team = TeamRepository(session, ws).add(
                stand_id=stand.id,
                lead_id=LEAD,
                channel_id=channel,
                is_private=False,
                linked=False,
                now=SET_AT,
            )
            TeamRepository(session, ws).set_posts(
                team.id, vision_ts="1.000001", roster_ts="1.000002"
            )
            pilots = PilotRepository(session, ws)
            pilot = pilots.add(
                stand_id=stand.id,
                proposer_id=LEAD,
                proposal=PROPOSAL,
                shielded=False,
                zone="UTC",
                now=SET_AT,
            )
            for before, after in (
                (PilotState.DRAFT, PilotState.PROPOSED),
                (PilotState.PROPOSED, PilotState.APPROVED),
                (PilotState.APPROVED, PilotState.RUNNING),
            ):
                pilots.move(pilot.id, before=before, after=after)
            StructureRepository(session, ws, pilot.id).add(
                Kind.MILESTONE,
                {
                    "title": f"Milestone of pilot {n}",
                    "due_on": date(2026, 12, 15),
                    "owner_id": LEAD,
                    "status": "on_track",
                },
                now=SET_AT,
            )
            ScheduleRepository(session, ws).put(
                pilot.id, Schedule(Cadence.WEEKLY, 0, time(9, 0), "UTC"), since=SET_AT
            )
            channels.append(channel)
    return channels


def posts_per_checkin(fake: FakeSlack) -> Counter[int]:
    """How many times each check-in id was posted (chat.postMessage calls that succeeded)."""
    counts: Counter[int] = Counter()
    for call in fake.calls_to("chat.postMessage"):
        meta = call.args.get("metadata") or {}
        if isinstance(meta, str):
            import json

            meta = json.loads(meta)
        if call.response.get("ok") and meta.get("event_type") == "milestone_checkin":
            counts[int(meta["event_payload"]["checkin_id"])] += 1
    return counts
