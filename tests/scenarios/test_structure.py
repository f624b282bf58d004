"""F5: the structure of accountability built in the pilot channel, the charter kept current."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from slack_app.domain.structure import Structure
from slack_app.domain.workspace import Workspace
from slack_app.services.structure import structure_of
from slack_app.store.database import Database
from slack_app.store.models import DeliverableRow
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.pilot_flows import (
    audit,
    decide,
    open_by_command,
    proposal_values,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_steps import DAVE, ERIN, Pilot

pytestmark = pytest.mark.usefixtures("wall_clock")


@dataclass(frozen=True)
class Running:
    channel: str
    pilot_id: int


@pytest.fixture
def running(slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot) -> Running:
    """Alice's team in its channel, and its pilot approved by Dave (1 Dec to 26 Feb)."""
    view = open_by_command(slack, fake_slack, user=ALICE, channel=pilot.channel)
    assert submit(slack, view, proposal_values(view, sponsor=DAVE), user=ALICE) == {}
    decide(slack, fake_slack, sponsor=DAVE, action_id="decide_approve")
    return Running(pilot.channel, the_pilot(db).id)


def add(
    slack: SlackSender,
    fake: FakeSlack,
    running: Running,
    kind: str,
    state: dict[str, object],
    user: str = ALICE,
) -> dict[str, object]:
    view = sf.open_form(slack, fake, kind, user=user, channel=running.channel)
    return sf.submit(slack, view, state, user=user)  # type: ignore[arg-type]


def test_a_milestone_is_added_and_the_charter_posted(
    slack: SlackSender, fake_slack: FakeSlack, running: Running
) -> None:
    assert add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB)) == {}

    charter = sf.charter(fake_slack, running.channel)
    assert "*Answer within an hour* · due Tue 15 Dec 2026 · <@U0BOB00001> · not started" in str(
        charter["blocks"]
    )
    told = fake_slack.dm_messages(BOB)[-1]["text"]
    assert "You now own the milestone *Answer within an hour*" in told
    assert "due Tue 15 Dec 2026" in told


def structure(db: Database, fake: FakeSlack, running: Running) -> Structure:
    return structure_of(db, Workspace(fake.team_id), running.pilot_id)


def charter_text(fake: FakeSlack, running: Running) -> str:
    return str(sf.charter(fake, running.channel)["blocks"])


def edit_first(
    slack: SlackSender,
    fake: FakeSlack,
    running: Running,
    kind: str,
    item_id: int,
    user: str = ALICE,
) -> dict[str, object]:
    view = sf.open_form(slack, fake, kind, user=user, channel=running.channel)
    return sf.pick(slack, fake, view, item_id, user=user)


def test_milestones_are_edited_and_removed_and_the_charter_follows_in_place(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    first_ts = sf.charter(fake_slack, running.channel)["ts"]
    [m] = structure(db, fake_slack, running).milestones

    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    title = next(b for b in form["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Answer within an hour"
    state = sf.milestone(title="Answer within 30 minutes", owner=BOB, status="at_risk")
    assert sf.submit(slack, form, state, user=ALICE) == {}

    assert sf.charter(fake_slack, running.channel)["ts"] == first_ts
    assert "*Answer within 30 minutes*" in charter_text(fake_slack, running)
    assert "at risk" in charter_text(fake_slack, running)
    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    after = sf.remove(slack, fake_slack, form, user=ALICE)
    assert "Removed the milestone “Answer within 30 minutes”" in str(after["blocks"])
    assert structure(db, fake_slack, running).milestones == []
    assert "_No milestones yet._" in charter_text(fake_slack, running)
    assert [e[1] for e in audit(db) if e[0] == ALICE][-3:] == ["add", "edit", "remove"]


def test_deliverables_belong_to_a_milestone_and_can_be_done(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    opened = len(fake_slack.calls_to("views.open"))
    assert slack.command("deliverable", user=ALICE, channel=running.channel).status_code == 200
    slack.wait_idle()
    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Add a milestone first" in fake_slack.dm_messages(ALICE)[-1]["text"]

    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    assert add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN)) == {}
    [d] = structure(db, fake_slack, running).deliverables
    assert (d.milestone_id, d.owner_id, d.done) == (m.id, ERIN, False)
    assert "You now own the deliverable" in fake_slack.dm_messages(ERIN)[-1]["text"]
    assert ":white_square: A chat widget on the help page · <@U0ERIN0001>" in charter_text(
        fake_slack, running
    )

    form = edit_first(slack, fake_slack, running, "deliverable", d.id)
    [picker] = [b for b in form["blocks"] if b.get("block_id") == "pick"]
    assert picker["elements"][0]["option_groups"][0]["label"]["text"] == "Answer within an hour"
    sf.submit(slack, form, sf.deliverable(m.id, owner=ERIN, done=True), user=ALICE)

    [d] = structure(db, fake_slack, running).deliverables
    assert (d.done, d.done_by) == (True, ALICE)
    assert ":white_check_mark: A chat widget" in charter_text(fake_slack, running)


def test_removing_a_milestone_with_deliverables_asks_first_and_keeps_the_history(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN))

    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    [remove] = [b for b in form["blocks"] if b.get("block_id") == "remove"]
    assert "Its 1 deliverable(s) are removed with it." in str(remove["elements"][0]["confirm"])
    sf.remove(slack, fake_slack, form, user=ALICE)

    now = structure(db, fake_slack, running)
    assert (now.milestones, now.deliverables) == ([], [])
    with db.transaction() as session:
        kept = session.scalars(select(DeliverableRow)).all()
        assert [(r.removed_by, r.removed_at is not None) for r in kept] == [(ALICE, True)]


def test_roles_custom_ones_and_the_right_to_edit(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    custom = sf.role(
        BOB, kind="custom", custom="Data steward", responsibility="The numbers", can_edit=True
    )
    assert add(slack, fake_slack, running, "role", custom) == {}
    [r] = structure(db, fake_slack, running).roles
    assert (r.name, r.can_edit) == ("Data steward", True)
    assert "<@U0BOB00001> · *Data steward*: The numbers · can edit the structure" in charter_text(
        fake_slack, running
    )
    assert "You are now *Data steward*" in fake_slack.dm_messages(BOB)[-1]["text"]

    # Bob may now edit the structure, but not hand the right on.
    assert add(slack, fake_slack, running, "milestone", sf.milestone(owner=ERIN), user=BOB) == {}
    refused = add(slack, fake_slack, running, "role", sf.role(ERIN, can_edit=True), user=BOB)
    assert refused["errors"] == {
        "can_edit": "Only the lead can give the right to edit the structure."
    }
    missing = add(slack, fake_slack, running, "role", sf.role(ERIN, kind="custom"))
    assert missing["errors"] == {"custom_name": "Name the role."}


def test_someone_without_the_right_is_refused_and_nothing_changes(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    opened = len(fake_slack.calls_to("views.open"))

    for kind in ("milestone", "role", "funding", "approval"):
        assert slack.command(kind, user=ERIN, channel=running.channel).status_code == 200
    slack.wait_idle()

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Only the lead, <@U0ALICE001>" in fake_slack.dm_messages(ERIN)[-1]["text"]
    # A form opened by the lead and submitted as Erin (a forged submission) changes nothing.
    view = sf.open_form(slack, fake_slack, "funding", user=ALICE, channel=running.channel)
    refused = sf.submit(slack, view, sf.funding(), user=ERIN)
    assert "Only the lead" in refused["errors"]["source"]
    assert structure(db, fake_slack, running).funding == []


def test_an_owner_updates_the_status_of_their_own_milestone_and_nothing_else(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones

    form = sf.open_form(slack, fake_slack, "milestone", user=BOB, channel=running.channel)
    assert "You can update the status of the ones you own." in str(form["blocks"])
    form = sf.pick(slack, fake_slack, form, m.id, user=BOB)
    assert sf.submit(slack, form, sf.milestone(owner=BOB, status="on_track"), user=BOB) == {}
    assert structure(db, fake_slack, running).milestones[0].status.value == "on_track"

    renamed = sf.submit(slack, form, sf.milestone(title="Mine now", owner=BOB), user=BOB)
    assert "Only the lead" in renamed["errors"]["title"]
    assert structure(db, fake_slack, running).milestones[0].title == "Answer within an hour"
