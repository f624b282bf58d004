"""Fixtures of the F3 scenario tests: Alice's stand with Bob as first follower, and its pilot."""

from __future__ import annotations

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.follower_flows import declare
from tests.support.pilot_flows import (
    decide,
    open_by_command,
    press,
    proposal_values,
    propose,
    proposer_dm,
    submit,
    the_pilot,
)
from tests.support.roster_check import (
    assert_roster_matches,
    team_in,
)
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, structure
from tests.support.team_flows import (
    declare_with_follower,
    form,
)
from tests.support.team_steps import DAVE, ERIN, Pilot


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def stand_id(slack: SlackSender, fake_slack: FakeSlack, db: Database) -> int:
    """Alice's stand, with Bob as its first follower (asked in the modal, "I'm in" pressed)."""
    fake_slack.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London")
    fake_slack.add_user(ERIN, name="erin", real_name="Erin Ebert", tz="Asia/Tokyo")
    return declare_with_follower(slack, fake_slack, db, author=ALICE, follower=BOB)


@pytest.fixture
def pilot(slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int) -> Pilot:
    channel, news = form(slack, fake_slack, author=ALICE)
    assert channel is not None, news["text"]
    vision = fake_slack.messages(channel)[0]
    assert_roster_matches(fake_slack, db, channel)
    return Pilot(stand_id, channel, team_in(db, channel).id, vision)


@pytest.fixture
def running(slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot) -> Running:
    """Alice's team in its channel, and its pilot approved by Dave (START to END)."""
    view = open_by_command(slack, fake_slack, user=ALICE, channel=pilot.channel)
    assert submit(slack, view, proposal_values(view, sponsor=DAVE), user=ALICE) == {}
    decide(slack, fake_slack, sponsor=DAVE, action_id="decide_approve")
    return Running(pilot.channel, the_pilot(db).id)


@pytest.fixture
def started(slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running) -> Running:
    """The approved pilot with a milestone (Bob's) and a deliverable (Erin's), started."""
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN))
    alice = fake_slack.workspace.dm_ids[ALICE]
    press(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), "start_pilot", user=ALICE, channel=alice
    )
    assert the_pilot(db).state == "running"
    return running


@pytest.fixture
def proposed(slack: SlackSender, fake_slack: FakeSlack) -> None:
    """Alice's stand, and its pilot proposed to Bob (Dave is another person there)."""
    fake_slack.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London")
    declare(slack, fake_slack, user=ALICE)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}
