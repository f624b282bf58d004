"""A modal submitted again changes nothing twice. Slack sends a resubmission of one modal
(the person pressed Submit again after Slack answered a slow first with an error) with the
same view id and hash; the work is done once, and the modal closes both times."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.stands_stored import count, stored


def opened(slack: SlackSender, fake: FakeSlack) -> dict[str, Any]:
    """The declaration modal as Slack holds it: its id and its hash."""
    view = open_declare_modal(slack, fake, user=ALICE)
    return {**view, "hash": fake.views[view["id"]]["hash"]}


def test_a_declaration_submitted_twice_is_stored_and_posted_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = opened(slack, fake_slack)
    values = stand_values(channel=GENERAL, first_follower=BOB)

    first = slack.view_submission(view, values, user=ALICE)
    again = slack.view_submission(view, values, user=ALICE)
    slack.wait_idle()

    assert (first.status_code, first.content) == (200, b"")
    assert (again.status_code, again.content) == (200, b"")  # closes the modal, as the first
    assert count(db) == 1
    assert len(fake_slack.messages(GENERAL)) == 1
    assert len(fake_slack.dm_messages(BOB)) == 1
    assert len(fake_slack.dm_messages(ALICE)) == 1


def test_a_resubmission_while_a_slow_first_is_at_work_stores_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = opened(slack, fake_slack)
    values = stand_values(channel=GENERAL, first_follower=BOB)
    # Slack is slow to say who Alice and Bob are: the second submission arrives while the
    # first is still at work, and both reach their commit.
    fake_slack.latency_after_of["users.info"] = 0.8

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(slack.view_submission, view, values, user=ALICE)
        again = pool.submit(slack.view_submission, view, values, user=ALICE)
        answers = [first.result(timeout=30), again.result(timeout=30)]
    slack.wait_idle()

    assert [a.status_code for a in answers] == [200, 200]
    assert [a.content for a in answers] == [b"", b""]
    assert count(db) == 1
    assert len(fake_slack.messages(GENERAL)) == 1


def test_a_refused_submission_keeps_no_key_so_the_corrected_one_is_stored(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = opened(slack, fake_slack)

    refused = slack.view_submission(view, stand_values(going=" "), user=ALICE)
    stored_now = slack.view_submission(view, stand_values(going="Ship daily."), user=ALICE)

    assert refused.json()["response_action"] == "errors"
    assert stored_now.status_code == 200
    assert [s.going for s in stored(db)] == ["Ship daily."]


def test_two_modals_of_one_person_are_two_stands(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    for going in ("One.", "Two."):
        view = opened(slack, fake_slack)
        assert slack.view_submission(view, stand_values(going=going), user=ALICE).status_code == 200

    assert [s.going for s in stored(db)] == ["One.", "Two."]
