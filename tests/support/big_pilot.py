"""A pilot's structure of any size, written straight into the store (for the charter's
limits and its benchmark)."""

from __future__ import annotations

from datetime import timedelta

from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.structure import StructureRepository
from tests.support.clock import EPOCH, days_from_epoch

NOW = EPOCH
START = days_from_epoch(6)  # the pilot's start: its parts fall due from then on
PEOPLE = [f"U0PEOPLE{n:02d}" for n in range(30)]
CURRENCIES = ["EUR", "USD", "GBP", "JPY"]


def fill(
    db: Database,
    ws: Workspace,
    pilot_id: int,
    *,
    milestones: int = 40,
    deliverables: int = 200,
    roles: int = 30,
    funding: int = 20,
    approvals: int = 30,
) -> None:
    """Add that many of each part, with long-ish titles and every status in use."""
    with db.unit_of_work(ws) as uow:
        items = StructureRepository(uow, pilot_id)
        ids = []
        for n in range(milestones):
            milestone = items.add(
                Kind.MILESTONE,
                {
                    "title": f"Milestone {n + 1}: " + "a milestone title that says a lot " * 3,
                    "due_on": START + timedelta(days=2 * n),
                    "owner_id": PEOPLE[n % len(PEOPLE)],
                    "status": ["not_started", "on_track", "at_risk", "blocked", "done"][n % 5],
                },
                now=NOW,
            )
            ids.append(milestone.id)
        for n in range(deliverables):
            items.add(
                Kind.DELIVERABLE,
                {
                    "milestone_id": ids[n % len(ids)],
                    "title": f"Deliverable {n + 1}: " + "something concrete & <measurable> " * 3,
                    "owner_id": PEOPLE[n % len(PEOPLE)],
                    "due_on": START + timedelta(days=n % 80),
                    "done": n % 3 == 0,
                },
                now=NOW,
            )
        for n in range(roles):
            items.add(
                Kind.ROLE,
                {
                    "user_id": PEOPLE[n % len(PEOPLE)],
                    "kind": "custom",
                    "name": f"Role {n + 1}",
                    "responsibility": "Responsible for a part of the pilot " * 4,
                    "can_edit": n % 4 == 0,
                },
                now=NOW,
            )
        for n in range(funding):
            items.add(
                Kind.FUNDING,
                {
                    "source": f"Funding source {n + 1}",
                    "amount": 1000 + n,
                    "currency": CURRENCIES[n % len(CURRENCIES)],
                    "status": ["requested", "committed", "received"][n % 3],
                    "committed_by": None if n % 3 == 0 else PEOPLE[n % len(PEOPLE)],
                },
                now=NOW,
            )
        for n in range(approvals):
            items.add(
                Kind.APPROVAL,
                {
                    "what": f"Approval {n + 1}: " + "a review that must pass " * 3,
                    "approver_id": PEOPLE[n % len(PEOPLE)],
                    "due_on": START + timedelta(days=n),
                    "status": ["pending", "approved", "changes_requested", "declined"][n % 4],
                },
                now=NOW,
            )
