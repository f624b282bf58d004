"""F2, the first follower: ask a buddy "What do you think about this idea?", hear back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import FirstFollowerAskRow, StandRow
from tests.conftest import ALICE, BOB, CAROL, ROBOT
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.follower_flows import buttons, declare, last_dm, last_reply, press
from tests.support.signed import SlackSender
from tests.support.waiting import eventually

DAVE = "U0DAVE0001"


def the_stand(db: Database) -> StandRow:
    with db.across_workspaces() as session:
        return session.scalars(select(StandRow)).one()


def asks(db: Database) -> list[FirstFollowerAskRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(FirstFollowerAskRow).order_by(FirstFollowerAskRow.id)))


def open_ask_modal(slack: SlackSender, fake: FakeSlack) -> dict[str, Any]:
    """Press "Ask a first follower" in Alice's DM; the modal the app opened."""
    before = len(fake.calls_to("views.open"))
    press(slack, fake, fake.dm_messages(ALICE)[0], "open_ask_follower", user=ALICE)
    call = fake.wait_for("views.open", count=before + 1)[-1]
    view: dict[str, Any] = dict(call.args["view"])
    view["id"] = call.response["view"]["id"]
    return view


def ask_values(view: dict[str, Any], person: str | None) -> dict[str, Any]:
    stand_block = next(b for b in view["blocks"] if b.get("block_id") == "stand")
    chosen = stand_block["element"]["initial_option"]
    return {
        "stand": {"stand": {"type": "static_select", "selected_option": chosen}},
        "person": {"person": {"type": "users_select", "selected_user": person}},
    }


def ask(slack: SlackSender, fake: FakeSlack, person: str | None) -> dict[str, Any]:
    """Ask ``person``; on success, wait for the author's "I asked" so DMs stay in order."""
    view = open_ask_modal(slack, fake)
    told = len(fake.dm_messages(ALICE))
    response = slack.view_submission(view, ask_values(view, person), user=ALICE)
    assert response.status_code == 200
    if response.content:
        return dict(response.json())
    eventually(lambda: len(fake.dm_messages(ALICE)) > told)
    return {}


@pytest.fixture
def stand(slack: SlackSender, fake_slack: FakeSlack, db: Database) -> StandRow:
    fake_slack.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London")
    declare(slack, fake_slack, user=ALICE)
    return the_stand(db)


def test_asking_dms_the_question_with_three_answers(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    assert ask(slack, fake_slack, BOB) == {}

    question = last_dm(fake_slack, BOB)
    assert "What do you think about this idea?" in question["text"]
    assert "It's going to go out every day" in str(question["blocks"])
    assert list(buttons(question)) == ["follower_in", "follower_talk", "follower_not_now"]
    [row] = asks(db)
    assert (row.stand_id, row.user_id, row.answer) == (stand.id, BOB, None)
    assert (row.dm_channel_id, row.dm_ts) == (fake_slack.workspace.dm_ids[BOB], question["ts"])
    assert f"I asked <@{BOB}>" in last_dm(fake_slack, ALICE, 2)["text"]


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (ALICE, "someone else"),
        (ROBOT, "bot"),
        (CAROL, "deactivated"),
        ("U0NOBODY01", "can't find"),
        (None, "Pick a stand and a person"),
    ],
)
def test_asking_the_wrong_person_is_refused_inline_and_stores_nothing(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    stand: StandRow,
    person: str | None,
    message: str,
) -> None:
    ack = ask(slack, fake_slack, person)

    assert ack["response_action"] == "errors"
    assert message in ack["errors"]["person"]
    assert asks(db) == []
    assert fake_slack.dm_messages(BOB) == []


def test_asking_the_same_person_twice_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)

    ack = ask(slack, fake_slack, BOB)

    assert "already asked" in ack["errors"]["person"]
    assert len(asks(db)) == 1
    assert len(fake_slack.dm_messages(BOB)) == 1


def test_a_forged_stand_id_in_the_ask_modal_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    view = open_ask_modal(slack, fake_slack)
    values = ask_values(view, BOB)
    values["stand"]["stand"]["selected_option"]["value"] = "999999"

    ack = slack.view_submission(view, values, user=ALICE).json()

    assert "not yours" in ack["errors"]["stand"]
    assert asks(db) == []


def test_im_in_makes_the_first_follower_and_tells_the_author(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)

    press(slack, fake_slack, last_dm(fake_slack, BOB), "follower_in", user=BOB)

    news = last_dm(fake_slack, ALICE, 3)
    assert f"<@{BOB}> answered “I'm in”" in news["text"]
    assert "first follower" in str(news["blocks"])
    assert the_stand(db).first_follower_id == BOB
    [row] = asks(db)
    assert row.answer == "in"
    answered = eventually(lambda: fake_slack.calls_to("chat.update"))[0]
    assert answered.args["ts"] == row.dm_ts
    [question] = fake_slack.dm_messages(BOB)
    assert buttons(question) == {}
    assert "You answered *I'm in*" in str(question["blocks"])


@pytest.mark.parametrize(
    ("action_id", "answer", "words"),
    [
        ("follower_talk", "talk", "Let's talk"),
        ("follower_not_now", "not_now", "Not now"),
    ],
)
def test_lets_talk_and_not_now_take_a_note_to_the_author(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    stand: StandRow,
    action_id: str,
    answer: str,
    words: str,
) -> None:
    ask(slack, fake_slack, BOB)
    press(slack, fake_slack, last_dm(fake_slack, BOB), action_id, user=BOB)
    call = fake_slack.wait_for("views.open", count=3)[-1]
    modal = {**call.args["view"], "id": call.response["view"]["id"]}
    assert modal["title"]["text"] == words
    note = {"note": {"note": {"type": "plain_text_input", "value": "  Coffee <on> Friday?  "}}}

    assert slack.view_submission(modal, note, user=BOB).content == b""

    news = last_dm(fake_slack, ALICE, 3)
    assert f"answered “{words}”" in news["text"]
    assert "Coffee &lt;on&gt; Friday?" in str(news["blocks"])
    [row] = asks(db)
    assert (row.answer, row.note) == (answer, "Coffee <on> Friday?")
    assert the_stand(db).first_follower_id is None


def test_only_the_person_asked_can_answer(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)
    question = last_dm(fake_slack, BOB)

    press(slack, fake_slack, question, "follower_in", user=DAVE, dm_of=BOB)

    refusal = last_reply(fake_slack, DAVE)
    assert "Only the person who was asked" in refusal["text"]
    assert fake_slack.dm_messages(DAVE) == []
    assert asks(db)[0].answer is None
    assert the_stand(db).first_follower_id is None
    assert len(fake_slack.dm_messages(ALICE)) == 2  # no news for the author


def test_a_second_press_changes_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)
    question = last_dm(fake_slack, BOB)
    press(slack, fake_slack, question, "follower_in", user=BOB)
    last_dm(fake_slack, ALICE, 3)

    press(slack, fake_slack, question, "follower_not_now", user=BOB)  # a replayed old DM

    refusal = last_reply(fake_slack, BOB)
    assert "You already answered: I'm in" in refusal["text"]
    assert asks(db)[0].answer == "in"
    assert len(fake_slack.dm_messages(ALICE)) == 3


def test_the_first_yes_is_the_first_follower(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)
    ask(slack, fake_slack, DAVE)
    press(slack, fake_slack, last_dm(fake_slack, DAVE), "follower_in", user=DAVE)
    last_dm(fake_slack, ALICE, 4)

    press(slack, fake_slack, last_dm(fake_slack, BOB), "follower_in", user=BOB)

    news = last_dm(fake_slack, ALICE, 5)
    assert "I'm in" in news["text"]
    assert "is your *first follower*" not in str(news["blocks"])
    assert the_stand(db).first_follower_id == DAVE


def test_list_and_home_show_the_first_follower(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    ask(slack, fake_slack, BOB)
    press(slack, fake_slack, last_dm(fake_slack, BOB), "follower_in", user=BOB)
    last_dm(fake_slack, ALICE, 3)

    listed = slack.command("list", user=ALICE).json()
    slack.event({"type": "app_home_opened", "user": ALICE, "channel": "D0", "tab": "home"})
    home = fake_slack.wait_for("views.publish", count=2)[-1]

    assert f"First follower: <@{BOB}>" in str(listed["blocks"])
    assert f"First follower: <@{BOB}>" in str(home.args["view"]["blocks"])
    assert "open_ask_follower" not in str(home.args["view"]["blocks"])


def test_slash_stand_ask_opens_the_modal_with_the_newest_stand(
    slack: SlackSender, fake_slack: FakeSlack, stand: StandRow
) -> None:
    slack.command("ask", user=ALICE)

    view = fake_slack.wait_for("views.open", count=2)[-1].args["view"]
    assert view["callback_id"] == "ask_follower"
    picker = next(b for b in view["blocks"] if b.get("block_id") == "stand")
    assert picker["element"]["initial_option"]["value"] == str(stand.id)


def test_naming_a_first_follower_in_the_declaration_asks_them(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, user=ALICE, first_follower=BOB)

    question = last_dm(fake_slack, BOB)
    press(slack, fake_slack, question, "follower_in", user=BOB)

    assert eventually(lambda: the_stand(db).first_follower_id == BOB)


def test_a_question_that_could_not_be_delivered_can_be_asked_again(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    fake_slack.fail_next("chat.postMessage", "restricted_action")  # no retry cures it

    ask(slack, fake_slack, BOB)

    assert "couldn't send the question" in last_dm(fake_slack, ALICE, 2)["text"]
    assert asks(db) == []
    assert ask(slack, fake_slack, BOB) == {}
    assert "What do you think about this idea?" in last_dm(fake_slack, BOB)["text"]


def test_the_ask_submitted_again_closes_the_modal_instead_of_saying_already_asked(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow
) -> None:
    """Its listener refuses a second ask of one person in words; a resubmission of the
    same modal (Slack answered the first late) is no second ask, and closes quietly."""
    view = open_ask_modal(slack, fake_slack)
    view["hash"] = fake_slack.views[view["id"]]["hash"]
    values = ask_values(view, BOB)

    first = slack.view_submission(view, values, user=ALICE)
    again = slack.view_submission(view, values, user=ALICE)
    slack.wait_idle()

    assert (first.status_code, first.content) == (200, b"")
    assert (again.status_code, again.content) == (200, b"")
    assert len(asks(db)) == 1
    assert len(fake_slack.dm_messages(BOB)) == 1


def test_a_rate_limited_question_is_sent_once_slack_allows(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand: StandRow, clock: Clock
) -> None:
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=2)

    view = open_ask_modal(slack, fake_slack)
    assert slack.view_submission(view, ask_values(view, BOB), user=ALICE).content == b""
    slack.wait_idle()
    assert fake_slack.dm_messages(BOB) == []
    clock.advance(timedelta(seconds=2))
    slack.deliver_due()

    [question] = fake_slack.dm_messages(BOB)
    assert "What do you think about this idea?" in question["text"]
    [row] = asks(db)
    assert row.dm_ts == question["ts"]
    assert "I asked <@U0BOB00001>" in last_dm(fake_slack, ALICE)["text"]
