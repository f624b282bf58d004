"""F5 refusals: bad input and forged requests get a clear error, and nothing is stored."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.structure import StructureRepository
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.store.test_pilots_repository import PROPOSAL
from tests.support import structure_flows as sf
from tests.support.factories import a_draft
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, charter_text, structure
from tests.support.team_steps import ERIN

pytestmark = pytest.mark.usefixtures("wall_clock")


@pytest.mark.parametrize(
    ("state", "field", "words"),
    [
        (sf.funding(amount="-5"), "amount", "more than zero"),
        (sf.funding(amount="0"), "amount", "more than zero"),
        (sf.funding(amount="twelve"), "amount", "as a number"),
        (sf.funding(amount="1.005"), "amount", "two decimals"),
        (sf.funding(amount=None), "amount", "Say how much"),
        (sf.funding(currency="EUX"), "currency", "not an ISO 4217 currency code"),
        (sf.funding(currency="€"), "currency", "not an ISO 4217 currency code"),
        (sf.funding(status="committed"), "committed_by", "Say who committed it."),
        (sf.funding(source=""), "source", "Say where the money comes from."),
        (sf.milestone(owner="U0NOBODY01"), "owner", "can't find that person"),
        (sf.milestone(owner="U0ROBOT001"), "owner", "A bot cannot be the owner"),
        (sf.milestone(owner=BOB, due=date(2026, 11, 30)), "due", "before the pilot starts"),
        (sf.milestone(owner=BOB, due=date(2027, 3, 1)), "due", "after the pilot ends"),
        (sf.milestone(owner=BOB, title=""), "title", "Give it a title."),
        (sf.approval(None), "approver", "Pick the approver."),
    ],
)
def test_bad_input_is_shown_inline_and_nothing_is_stored(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    running: Running,
    state: dict[str, object],
    field: str,
    words: str,
) -> None:
    kind = {
        "source": "funding",
        "amount": "funding",
        "currency": "funding",
        "committed_by": "funding",
        "approver": "approval",
    }.get(field, "milestone")
    before = charter_count(fake_slack, running)

    ack = add(slack, fake_slack, running, kind, state)

    assert words in ack["errors"][field]
    assert structure(db, fake_slack, running).empty
    assert charter_count(fake_slack, running) == before


def charter_count(fake: FakeSlack, running: Running) -> int:
    return len(
        [
            m
            for m in fake.messages(running.channel)
            if (m.get("metadata") or {}).get("event_type") == "pilot_charter"
        ]
    )


def test_a_date_outside_the_pilot_is_kept_when_ticked_and_flagged_on_the_timeline(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    late = sf.milestone(title="Roll out", owner=BOB, due=date(2027, 3, 15), outside=True)

    assert add(slack, fake_slack, running, "milestone", late) == {}

    assert "*Roll out* · due Mon 15 Mar 2027" in charter_text(fake_slack, running)
    assert ":warning: outside the pilot's dates" in charter_text(fake_slack, running)


def test_a_forged_deliverable_in_another_pilots_milestone_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    other = another_pilot_with_a_milestone(db, fake_slack)

    view = sf.open_form(slack, fake_slack, "deliverable", user=ALICE, channel=running.channel)
    ack = sf.submit(slack, view, sf.deliverable(other, owner=ERIN), user=ALICE)

    assert ack["errors"] == {"milestone": "That milestone is not one of this pilot's."}
    assert structure(db, fake_slack, running).deliverables == []
    assert m.id != other


def test_a_forged_form_naming_another_pilot_or_workspace_changes_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    other = another_pilot_with_a_milestone(db, fake_slack)
    view = sf.open_form(slack, fake_slack, "milestone", user=ALICE, channel=running.channel)

    as_other_item = dict(
        view,
        private_metadata=json.dumps(
            {"pilot": running.pilot_id, "kind": "milestone", "item": other}
        ),
    )
    ack = sf.submit(slack, as_other_item, sf.milestone(title="Stolen", owner=BOB), user=ALICE)
    assert "is not one of this pilot's" in ack["errors"]["title"]

    slack.team_id = "T0OTHER001"  # the same ids, sent from another workspace (no one named,
    try:  # so that nobody is looked up in a workspace the fake does not know)
        ack = sf.submit(slack, view, sf.milestone(title="Stolen", owner=None), user=ALICE)
    finally:
        slack.team_id = fake_slack.team_id
    assert "no longer here" in ack["errors"]["title"]
    assert [x.title for x in structure(db, fake_slack, running).milestones] == [m.title]


def another_pilot_with_a_milestone(db: Database, fake: FakeSlack) -> int:
    """A second stand's pilot (Bob's) with one milestone, straight into the store."""
    ws = Workspace(fake.team_id)
    with db.transaction() as session:
        stand = StandRepository(session, ws).add(author_id=BOB, draft=a_draft())
        pilot = PilotRepository(session, ws).add(
            stand_id=stand.id,
            proposer_id=BOB,
            proposal=PROPOSAL,
            shielded=False,
            zone="UTC",
            now=datetime(2026, 11, 25, tzinfo=UTC),
        )
        item = StructureRepository(session, ws, pilot.id).add(
            Kind.MILESTONE,
            {
                "title": "Theirs",
                "due_on": date(2026, 12, 5),
                "owner_id": BOB,
                "status": "not_started",
            },
            now=datetime(2026, 11, 25, tzinfo=UTC),
        )
    return item.id
