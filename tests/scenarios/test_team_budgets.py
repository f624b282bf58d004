"""What F3's requests cost the database, counted through Slack's own requests: the state
change and what is shown of it are one unit of work, committed before Slack is called;
recording each post in the pilot channel, and checking an edited roster is still the
newest, one more each."""

from __future__ import annotations

from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.counting import database_cost
from tests.support.roster_check import assert_roster_matches
from tests.support.signed import SlackSender
from tests.support.team_flows import (
    finish,
    form_values,
    open_team_modal,
    reaction,
    roster_edits,
    wait_for_edits,
)
from tests.support.team_steps import DAVE, Pilot

# The event's first delivery noted; the team found, the opt-in applied and the roster read;
# the roster read again after its edit. (5 when each step had a transaction of its own.)
REACTION_TRANSACTIONS = 3
# The stand claimed; the team stored; the vision recorded with the roster read; the roster
# recorded with the stand's pilot and the author's Home read. (7 before.)
FORMING_TRANSACTIONS = 4


def test_a_reaction_opt_in_costs_at_most_3_transactions(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    event = reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=pilot.vision["ts"])
    edits = len(roster_edits(fake_slack, pilot.channel))

    with database_cost(db) as cost:
        assert slack.event(event).status_code == 200
        wait_for_edits(fake_slack, pilot.channel, edits + 1)
        slack.wait_idle()

    assert_roster_matches(fake_slack, db, pilot.channel)
    assert cost.transactions <= REACTION_TRANSACTIONS, str(cost)


def test_forming_a_team_costs_at_most_4_transactions(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    view = open_team_modal(slack, fake_slack, author=ALICE)

    with database_cost(db) as cost:
        channel, news = finish(slack, fake_slack, view, form_values(view), author=ALICE)
        slack.wait_idle()

    assert channel is not None, news["text"]
    assert_roster_matches(fake_slack, db, channel)
    assert cost.transactions <= FORMING_TRANSACTIONS, str(cost)
