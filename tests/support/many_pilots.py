"""Many running pilots at once, written straight into the store, each with its own pilot
channel in the fake Slack and a check-in due at the same instant."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta

from slack_app.domain.pilots import PilotState
from slack_app.domain.schedules import Cadence, Schedule
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.store.checkin_schedules import ScheduleRepository
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.structure import StructureRepository
from slack_app.store.teams import TeamRepository
from tests.fakeslack import FakeSlack
from tests.store.test_pilots_repository import PROPOSAL
from tests.support.clock import EPOCH, next_local
from tests.support.factories import a_draft

SET_AT = EPOCH  # when the pilots were set up and their schedules set
DUE = next_local(SET_AT, 0, time(9), "UTC")  # the next Monday 09:00 UTC
MILESTONE_DUE = DUE.date() + timedelta(days=15)
LEAD = "U0LEAD0001"


def running_pilots(db: Database, fake: FakeSlack, count: int) -> list[str]:
    """``count`` running pilots, weekly on Monday at 09:00 UTC: their channels."""
    ws = Workspace(fake.team_id)
    channels = []
    with db.unit_of_work(ws) as uow:
        for n in range(count):
            channel = f"C0PILOT{n:04d}"
            fake.add_channel(channel, name=f"pilot-{n:04d}", members={LEAD}, bot_is_member=True)
            stand = StandRepository(uow).add(author_id=LEAD, draft=a_draft(), now=SET_AT)
            team = TeamRepository(uow).add(
                stand_id=stand.id,
                lead_id=LEAD,
                channel_id=channel,
                is_private=False,
                linked=False,
                now=SET_AT,
            )
            TeamRepository(uow).set_posts(team.id, vision_ts="1.000001", roster_ts="1.000002")
            pilots = PilotRepository(uow)
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
            StructureRepository(uow, pilot.id).add(
                Kind.MILESTONE,
                {
                    "title": f"Milestone of pilot {n}",
                    "due_on": MILESTONE_DUE,
                    "owner_id": LEAD,
                    "status": "on_track",
                },
                now=SET_AT,
            )
            ScheduleRepository(uow).put(
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
