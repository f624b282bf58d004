"""F5 refusals: bad input and forged requests get a clear error, and nothing is stored."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from slack_app.domain.pilots import PilotState
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.store.database import Database
from slack_app.store.models import PilotRow
from slack_app.store.pilots import PilotRepository
from slack_app.store.stands import StandRepository
from slack_app.store.structure import StructureRepository
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.store.test_pilots_repository import PROPOSAL
from tests.support import structure_flows as sf
from tests.support.clock import in_words
from tests.support.clock import running as running_clock
from tests.support.factories import a_draft
from tests.support.pilot_flows import END, START
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, charter_text, edit_first, structure
from tests.support.team_steps import ERIN

DAY = timedelta(days=1)


# (the part, the form's state, the field the refusal shows on, the words it says)
BAD_INPUT: list[tuple[str, dict[str, Any], str, str]] = [
    ("funding", sf.funding(amount="-5"), "amount", "more than zero"),
    ("funding", sf.funding(amount="0"), "amount", "more than zero"),
    ("funding", sf.funding(amount="twelve"), "amount", "as a number"),
    ("funding", sf.funding(amount="1.005"), "amount", "two decimals"),
    ("funding", sf.funding(amount=None), "amount", "Say how much"),
    ("funding", sf.funding(currency="EUX"), "currency", "not an ISO 4217 currency code"),
    ("funding", sf.funding(currency="€"), "currency", "not an ISO 4217 currency code"),
    ("funding", sf.funding(status="committed"), "committed_by", "Say who committed it."),
    ("funding", sf.funding(source=""), "source", "Say where the money comes from."),
    (
        "funding",
        sf.funding(status="received", committed_by="U0ROBOT001"),
        "committed_by",
        "A bot cannot",
    ),
    ("milestone", sf.milestone(owner="U0NOBODY01"), "owner", "can't find that person"),
    ("milestone", sf.milestone(owner="U0ROBOT001"), "owner", "A bot cannot be the owner"),
    ("milestone", sf.milestone(owner=BOB, due=START - DAY), "due", "before the pilot starts"),
    ("milestone", sf.milestone(owner=BOB, due=END + 3 * DAY), "due", "after the pilot ends"),
    ("milestone", sf.milestone(owner=BOB, title=""), "title", "Give it a title."),
    ("approval", sf.approval(None), "approver", "Pick the approver."),
    ("approval", sf.approval(ERIN, due=END + 3 * DAY), "due", "after the pilot ends"),
    ("approval", sf.approval("U0CAROL001"), "approver", "deactivated"),
    ("role", sf.role("U0CAROL001"), "person", "deactivated"),
]


def test_bad_input_is_shown_inline_and_nothing_is_stored(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    """Each refused form, one after another in one pilot (a refusal leaves nothing behind
    for the next to meet): its words on its field, nothing stored, no charter posted."""
    before = charter_count(fake_slack, running)
    for kind, state, field, words in BAD_INPUT:
        ack = add(slack, fake_slack, running, kind, state)

        errors = ack.get("errors") or {}
        assert words in errors.get(field, ""), (kind, state, errors)
        assert structure(db, fake_slack, running).empty, (kind, state)
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
    due = END + 17 * DAY
    late = sf.milestone(title="Roll out", owner=BOB, due=due, outside=True)

    assert add(slack, fake_slack, running, "milestone", late) == {}

    assert f"*Roll out* · due {in_words(due)}" in charter_text(fake_slack, running)
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
    # Refused before anything is read, in the modal: Stand is not installed there.
    assert "Stand is not installed in this workspace" in ack["errors"]["title"]
    assert [x.title for x in structure(db, fake_slack, running).milestones] == [m.title]


def another_pilot_with_a_milestone(db: Database, fake: FakeSlack) -> int:
    """A second stand's pilot (Bob's) with one milestone, straight into the store."""
    ws = Workspace(fake.team_id)
    now = running_clock().now()
    with db.unit_of_work(ws) as uow:
        stand = StandRepository(uow).add(author_id=BOB, draft=a_draft(), now=now)
        pilot = PilotRepository(uow).add(
            stand_id=stand.id,
            proposer_id=BOB,
            proposal=PROPOSAL,
            shielded=False,
            zone="UTC",
            now=now,
        )
        item = StructureRepository(uow, pilot.id).add(
            Kind.MILESTONE,
            {
                "title": "Theirs",
                "due_on": START + 4 * DAY,
                "owner_id": BOB,
                "status": "not_started",
            },
            now=now,
        )
    return item.id


def test_a_deliverable_due_after_the_pilot_needs_the_tick(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    late = END + 4 * DAY

    ack = add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN, due=late))
    assert "after the pilot ends" in ack["errors"]["due"]
    assert (
        add(
            slack,
            fake_slack,
            running,
            "deliverable",
            sf.deliverable(m.id, owner=ERIN, due=late, outside=True),
        )
        == {}
    )
    [d] = structure(db, fake_slack, running).deliverables
    form = edit_first(slack, fake_slack, running, "deliverable", d.id)
    [box] = [b for b in form["blocks"] if b.get("block_id") == "outside_ok"]
    assert box["element"]["initial_options"], "an edit keeps a date kept outside on purpose"


def test_an_editor_keeps_anothers_right_and_cannot_take_it_away(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "role", sf.role(BOB, can_edit=True))
    add(slack, fake_slack, running, "role", sf.role(ERIN, responsibility="Reports", can_edit=True))
    _, erins = structure(db, fake_slack, running).roles

    form = edit_first(slack, fake_slack, running, "role", erins.id, user=BOB)
    assert "can_edit" not in {b.get("block_id") for b in form["blocks"]}
    edited = {
        k: v for k, v in sf.role(ERIN, responsibility="Weekly reports").items() if k != "can_edit"
    }
    assert sf.submit(slack, form, edited, user=BOB) == {}
    erins = structure(db, fake_slack, running).roles[1]
    assert (erins.responsibility, erins.can_edit) == ("Weekly reports", True)

    form = edit_first(slack, fake_slack, running, "role", erins.id, user=BOB)
    sf.remove(slack, fake_slack, form, user=BOB, refused=True)
    assert "Only the lead can take away the right" in fake_slack.told(BOB)[-1]["text"]
    assert len(structure(db, fake_slack, running).roles) == 2


def test_removal_by_someone_without_the_right_and_forged_remove_values_change_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    form = edit_first(slack, fake_slack, running, "milestone", m.id)

    sf.remove(slack, fake_slack, form, user=ERIN, refused=True)
    assert "Only the lead" in fake_slack.told(ERIN)[-1]["text"]

    other = another_pilot_with_a_milestone(db, fake_slack)
    [block] = [b for b in form["blocks"] if b.get("block_id") == "remove"]
    forged = {**block["elements"][0], "block_id": "remove", "value": str(other)}
    response = slack.block_action(
        forged, user=ALICE, view=form, container={"type": "view", "view_id": form["id"]}
    )
    assert response.status_code == 200
    slack.wait_idle()
    assert "is not one of this pilot's" in fake_slack.told(ALICE)[-1]["text"]
    assert [x.id for x in structure(db, fake_slack, running).milestones] == [m.id]
    ws = Workspace(fake_slack.team_id)
    with db.unit_of_work(ws) as uow:
        theirs = StructureRepository(uow, 2).get(Kind.MILESTONE, other)
    assert theirs is not None


def test_a_closed_pilots_structure_cannot_change(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    ws = Workspace(fake_slack.team_id)
    with db.unit_of_work(ws) as uow:
        pilots = PilotRepository(uow)
        assert pilots.move(running.pilot_id, before=PilotState.APPROVED, after=PilotState.RUNNING)
        assert pilots.move(running.pilot_id, before=PilotState.RUNNING, after=PilotState.CONCLUDED)

    assert slack.command("milestone", user=ALICE, channel=running.channel).status_code == 200
    slack.wait_idle()

    assert "This pilot is closed" in fake_slack.told(ALICE)[-1]["text"]


def test_a_shielded_pilots_charter_is_not_shown_to_outsiders(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    with db.unit_of_work(Workspace(fake_slack.team_id)) as uow:
        uow.session.execute(update(PilotRow).values(shielded=True))
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    opened = len(fake_slack.calls_to("views.open"))
    outsider = "U0OUTSIDE1"
    fake_slack.add_user(outsider, name="outsider", real_name="Out Sider", tz="UTC")

    button = {
        "type": "button",
        "action_id": "open_full_charter",
        "value": str(running.pilot_id),
        "text": {"type": "plain_text", "text": "Full charter"},
    }
    assert slack.block_action(button, user=outsider).status_code == 200
    slack.wait_idle()

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "That pilot is no longer here." in fake_slack.told(outsider)[-1]["text"]
    assert slack.block_action(button, user=BOB).status_code == 200  # on the team: sees it
    slack.wait_idle()
    assert len(fake_slack.calls_to("views.open")) == opened + 1
