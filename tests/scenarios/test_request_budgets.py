"""What one request may cost the database, counted through Slack's own requests: a request
is one unit of work, plus what recording its Slack effects needs after the ack."""

from __future__ import annotations

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.checkin_flows import FIRST, checkin_posts, thread_reply, tick
from tests.support.counting import database_cost
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.structure_flows import Running

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


REPLY_TRANSACTIONS = 2
REPLY_STATEMENTS = 12


def test_a_reply_in_a_check_in_thread_costs_at_most_2_transactions_and_12_statements(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, started: Running
) -> None:
    """In the request's unit of work: the delivery claimed, the check-in found with its pilot,
    the answer kept and what the check-in shows read once. Then, after the edit in Slack,
    what two redraws race on (answers, statuses) read again in a short one."""
    assert tick(db, fake_slack, FIRST) == 1
    [post] = checkin_posts(fake_slack, started.channel)
    reply = thread_reply(
        fake_slack, started.channel, post["ts"], user=BOB, text="Two agents on it."
    )

    with database_cost(db) as cost:
        assert slack.event(reply).status_code == 200
        slack.wait_idle()

    [redrawn] = checkin_posts(fake_slack, started.channel)
    assert "Answered: <@U0BOB00001>" in str(redrawn["blocks"]), "answered and redrawn"
    assert cost.transactions <= REPLY_TRANSACTIONS, str(cost)
    assert len(cost.statements) <= REPLY_STATEMENTS, str(cost)
