"""F1 when things go wrong: Slack refusing or slow, the database failing, the limits of text,
double presses — the stand is never lost and the person always hears back."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text as sql

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, GENERAL, SECRET
from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.stands_stored import count, declare, stored
from tests.support.waiting import eventually


def test_a_failed_home_refresh_does_not_worry_the_author(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.fail_next("views.publish", "internal_error")

    declare(slack, fake_slack, channel=GENERAL)

    fake_slack.wait_for("views.publish")
    assert count(db) == 1
    [dm] = fake_slack.dm_messages(ALICE)
    assert "You took a stand" in dm["text"]


def test_a_failed_dm_to_the_author_is_logged_and_the_rest_still_happens(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.fail_next("chat.postMessage", "internal_error")  # the DM (a private stand)

    declare(slack, fake_slack)

    home = fake_slack.wait_for("views.publish")[0].args["view"]
    assert "It's going to go out every day" in str(home["blocks"])
    assert count(db) == 1
    assert fake_slack.dm_messages(ALICE) == []  # no false "something went wrong"


def test_an_unexpected_failure_after_the_ack_is_told_to_the_person_at_once(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("views.open", "internal_error")

    started = time.monotonic()
    response = slack.command("", user=ALICE)

    assert time.monotonic() - started < 1.0
    assert (response.status_code, response.content) == (200, b"")
    [sorry] = eventually(lambda: fake_slack.replies_to(ALICE))  # where she typed
    assert "Something went wrong" in sorry["text"]
    assert sorry["channel"] == "C0GENERAL1"
    assert fake_slack.dm_messages(ALICE) == []


def test_slack_limiting_the_first_follower_check_answers_in_time_and_stores_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_declare_modal(slack, fake_slack, user=ALICE)
    fake_slack.fail_next("users.info", "ratelimited", retry_after=4)  # Alice's own lookup
    fake_slack.fail_next("users.info", "ratelimited", retry_after=4)  # Bob's

    started = time.monotonic()
    response = slack.view_submission(view, stand_values(first_follower=BOB), user=ALICE)

    assert time.monotonic() - started < 1.5  # no waiting out Retry-After inside the ack
    assert response.json() == {
        "response_action": "errors",
        "errors": {
            "first_follower": "I couldn't check this person with Slack just now. "
            "Submit again in a moment, or leave it empty."
        },
    }
    assert count(db) == 0


def test_the_database_failing_at_submission_keeps_the_modal_open(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_declare_modal(slack, fake_slack, user=ALICE)
    with db.engine.begin() as connection:
        connection.execute(sql("ALTER TABLE stands RENAME TO stands_gone"))

    response = slack.view_submission(view, stand_values(), user=ALICE)

    assert response.status_code == 200
    ack = response.json()
    assert ack["response_action"] == "errors"
    assert "nothing was saved" in ack["errors"]["source"]
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_longest_stand_full_of_mrkdwn_characters_still_posts_and_dms(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(
        slack,
        fake_slack,
        channel=GENERAL,
        situation="<&>" * 333,
        not_going="&" * 500,
        going="<>" * 250,
    )

    fake_slack.wait_for("views.publish")
    [post] = fake_slack.messages(GENERAL)
    assert stored(db)[0].declaration_ts == post["ts"]
    sections = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section"]
    assert max(len(text) for text in sections) <= 3000
    assert "".join(sections).count("&amp;") == 333 + 500
    [dm] = fake_slack.dm_messages(ALICE)
    assert "Declared in" in str(dm["blocks"])


def test_two_presses_of_try_again_post_the_declaration_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, channel=SECRET)
    fake_slack.wait_for("views.publish")
    [dm] = fake_slack.dm_messages(ALICE)
    retry = next(e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"])
    fake_slack.add_channel(
        SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=True
    )
    dm_channel = fake_slack.calls_to("chat.postMessage")[-1].response["channel"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        presses = [
            pool.submit(slack.block_action, retry, user=ALICE, message=dm, channel=dm_channel)
            for _ in range(2)
        ]
        assert [press.result().status_code for press in presses] == [200, 200]

    fake_slack.wait_for("chat.update", count=2)
    assert len(fake_slack.messages(SECRET)) == 1
    assert stored(db)[0].declaration_ts == fake_slack.messages(SECRET)[0]["ts"]
