"""What one request may cost the database, counted through Slack's own requests: a request
is one unit of work, plus what recording its Slack effects needs after the ack."""

from __future__ import annotations

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.counting import database_cost
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values

DECLARATION_TRANSACTIONS = 3


def test_a_declaration_with_a_channel_and_a_first_follower_costs_at_most_3_transactions(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_declare_modal(slack, fake_slack, user=ALICE)
    values = stand_values(channel=GENERAL, first_follower=BOB)

    with database_cost(db) as cost:
        assert slack.view_submission(view, values, user=ALICE).content == b""
        fake_slack.wait_for("views.publish")
        slack.wait_idle()

    assert len(fake_slack.messages(GENERAL)) == 1, "declared in the channel"
    assert [c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")][:2] == [
        GENERAL,
        BOB,
    ]
    assert cost.transactions <= DECLARATION_TRANSACTIONS, str(cost)
