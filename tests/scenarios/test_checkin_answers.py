"""F6 after the post: owners' buttons, answers in the thread, reminders, overdue calls, wins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import CheckinAnswerRow
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.checkin_flows import (
    FIRST,
    LEADS_ZONE,
    after_first,
    checkin_posts,
    message_ts,
    tick,
)
from tests.support.clock import Clock, at_local, in_words, local_date
from tests.support.signed import SlackSender
from tests.support.structure_flows import MILESTONE_DUE, Running, structure
from tests.support.team_flows import buttons
from tests.support.team_steps import DAVE, ERIN


@pytest.fixture
def posted(db: Database, fake_slack: FakeSlack, started: Running) -> dict[str, Any]:
    assert tick(db, fake_slack, FIRST) == 1
    [post] = checkin_posts(fake_slack, started.channel)
    return post


def current(fake: FakeSlack, running: Running) -> dict[str, Any]:
    [post] = checkin_posts(fake, running.channel)
    return post


def press(
    slack: SlackSender, button: dict[str, Any], post: dict[str, Any], running: Running, user: str
) -> None:
    response = slack.block_action(button, user=user, message=post, channel=running.channel)
    assert response.status_code == 200
    slack.wait_idle()


def done_button(post: dict[str, Any]) -> dict[str, Any]:
    [button] = [b["accessory"] for b in post["blocks"] if b.get("accessory")]
    return dict(button)


def reply_event(
    fake: FakeSlack, running: Running, post: dict[str, Any], user: str, text: str
) -> dict[str, Any]:
    """A reply in the check-in's thread, as Slack delivers it (with a ts Slack gave it)."""
    ts = message_ts(fake)
    return {
        "type": "message",
        "channel": running.channel,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": post["ts"],
        "event_ts": ts,
    }


def reply(
    slack: SlackSender,
    fake: FakeSlack,
    running: Running,
    post: dict[str, Any],
    user: str,
    text: str,
) -> str:
    event = reply_event(fake, running, post, user, text)
    assert slack.event(event).status_code == 200
    slack.wait_idle()
    return str(event["ts"])


def answers(db: Database) -> list[tuple[str, str, bool]]:
    with db.across_workspaces() as session:
        rows = session.scalars(select(CheckinAnswerRow).order_by(CheckinAnswerRow.id))
        return [(r.user_id, r.text, r.on_team) for r in rows if r.deleted_at is None]


def test_the_milestone_owner_sets_its_status_and_the_message_is_edited_in_place(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    press(slack, buttons(posted)["checkin_status:at_risk"], posted, started, BOB)

    assert structure(db, fake_slack, started).milestones[0].status.value == "at_risk"
    edited = current(fake_slack, started)
    assert edited["ts"] == posted["ts"]
    assert "<@U0BOB00001> · at risk" in str(edited["blocks"])


@pytest.mark.parametrize("who", [ERIN, ALICE, DAVE])
def test_anyone_but_the_owner_is_refused_and_nothing_changes(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
    who: str,
) -> None:
    press(slack, buttons(posted)["checkin_status:done"], posted, started, who)

    assert "Only <@U0BOB00001>, who owns it" in fake_slack.told(who)[-1]["text"]
    assert structure(db, fake_slack, started).milestones[0].status.value == "not_started"


def test_a_deliverable_done_by_its_owner_is_a_small_win(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    press(slack, done_button(posted), posted, started, BOB)  # Bob does not own it
    assert not structure(db, fake_slack, started).deliverables[0].done

    press(slack, done_button(posted), posted, started, ERIN)

    [d] = structure(db, fake_slack, started).deliverables
    assert (d.done, d.done_by) == (True, ERIN)
    assert ":white_check_mark: A chat widget" in str(current(fake_slack, started)["blocks"])
    [win] = [m for m in fake_slack.messages(started.channel) if "Small win" in m["text"]]
    assert (win["thread_ts"], "<@U0ERIN0001>" in win["text"]) == (posted["ts"], True)


def test_a_milestone_marked_done_is_celebrated_in_the_channel(
    slack: SlackSender,
    fake_slack: FakeSlack,
    started: Running,
    posted: dict[str, Any],
) -> None:
    press(slack, buttons(posted)["checkin_status:done"], posted, started, BOB)

    [win] = [m for m in fake_slack.messages(started.channel) if "Small win" in m["text"]]
    assert win["subtype"] == "thread_broadcast"
    assert "The milestone *Answer within an hour* is done" in win["text"]


def test_thread_replies_are_answers_and_everything_else_is_ignored(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    reply(slack, fake_slack, started, posted, BOB, "Two agents on it; first replies in 40 minutes.")
    reply(slack, fake_slack, started, posted, DAVE, "Looks good from here.")
    bot = message_ts(fake_slack)
    other_thread = message_ts(fake_slack)  # some other message's, not the check-in's
    slack.event(
        {
            "type": "message",
            "channel": started.channel,
            "bot_id": "B0OTHER001",
            "subtype": "bot_message",
            "text": "beep",
            "ts": bot,
            "thread_ts": posted["ts"],
        }
    )
    slack.event(
        {
            "type": "message",
            "channel": started.channel,
            "user": BOB,
            "text": "Not a reply",
            "ts": message_ts(fake_slack),
        }
    )
    slack.event(
        {
            "type": "message",
            "channel": started.channel,
            "user": BOB,
            "text": "Another thread",
            "ts": message_ts(fake_slack),
            "thread_ts": other_thread,
        }
    )
    slack.wait_idle()

    assert answers(db) == [
        (BOB, "Two agents on it; first replies in 40 minutes.", True),
        (DAVE, "Looks good from here.", False),  # not on the team: kept, and marked so
    ]
    assert "Answered: <@U0BOB00001>, <@U0DAVE0001>" in str(current(fake_slack, started)["blocks"])


def test_an_edited_or_deleted_answer_is_followed(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    ts = reply(slack, fake_slack, started, posted, BOB, "On it.")
    message = {"user": BOB, "ts": ts, "thread_ts": posted["ts"]}
    slack.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": started.channel,
            "ts": message_ts(fake_slack),
            "message": {**message, "text": "On it, 40 minutes now."},
        }
    )
    slack.wait_idle()
    assert answers(db) == [(BOB, "On it, 40 minutes now.", True)]

    slack.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": started.channel,
            "ts": message_ts(fake_slack),
            "previous_message": {**message, "text": "x"},
        }
    )
    slack.wait_idle()
    assert answers(db) == []


def test_owners_who_have_not_answered_get_one_reminder_in_the_thread(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    reply(slack, fake_slack, started, posted, BOB, "On it.")
    remind_at = after_first(1) - timedelta(hours=4)  # Tue 09:00 Berlin, less 4 h

    def reminders() -> list[dict[str, Any]]:
        return [m for m in fake_slack.messages(started.channel) if "gentle reminder" in m["text"]]

    tick(db, fake_slack, remind_at - timedelta(minutes=1))
    assert reminders() == []
    tick(db, fake_slack, remind_at)
    tick(db, fake_slack, remind_at + timedelta(hours=1))

    [reminder] = reminders()
    assert reminder["thread_ts"] == posted["ts"]
    assert "<@U0ERIN0001>" in reminder["text"]
    assert "<@U0BOB00001>" not in reminder["text"]  # Bob answered


def test_an_overdue_milestone_is_called_out_once(
    db: Database, fake_slack: FakeSlack, started: Running, posted: dict[str, Any]
) -> None:
    def calls() -> list[dict[str, Any]]:
        return [m for m in fake_slack.messages(started.channel) if ":alarm_clock:" in m["text"]]

    due = at_local(MILESTONE_DUE, time(11), LEADS_ZONE)  # late morning on its due date
    tick(db, fake_slack, due)
    assert calls() == []  # the due date is not past on the due date
    tick(db, fake_slack, due + timedelta(days=1))
    tick(db, fake_slack, due + timedelta(days=2))

    [call] = calls()
    assert f"was due {in_words(MILESTONE_DUE)} and is not done yet. <@U0BOB00001>" in call["text"]


def test_a_second_press_celebrates_nothing_more(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
    clock: Clock,
) -> None:
    press(slack, buttons(posted)["checkin_status:done"], posted, started, BOB)
    press(slack, buttons(posted)["checkin_status:done"], posted, started, BOB)
    press(slack, done_button(posted), posted, started, ERIN)
    press(slack, done_button(posted), posted, started, ERIN)
    clock.advance(timedelta(seconds=1))  # Slack's pace: one post a second in a channel
    slack.deliver_due()

    wins = [m for m in fake_slack.messages(started.channel) if "Small win" in m["text"]]
    assert len(wins) == 2
    assert "It is already done." in fake_slack.told(ERIN)[-1]["text"]
    assert "It is already done." in fake_slack.told(BOB)[-1]["text"]


def test_overdue_is_judged_on_the_leads_calendar(
    db: Database, fake_slack: FakeSlack, started: Running, posted: dict[str, Any]
) -> None:
    """Alice is in Berlin: half past midnight there, the day after the milestone's due date,
    is still its due date in UTC."""

    def calls() -> int:
        return len(
            [m for m in fake_slack.messages(started.channel) if ":alarm_clock:" in m["text"]]
        )

    late = at_local(MILESTONE_DUE, time(23, 30), LEADS_ZONE)  # 23:30 on the due date
    past = at_local(MILESTONE_DUE + timedelta(days=1), time(0, 30), LEADS_ZONE)  # 00:30 after
    assert local_date(late, "UTC") == local_date(past, "UTC") == MILESTONE_DUE

    tick(db, fake_slack, late)
    assert calls() == 0
    tick(db, fake_slack, past)
    assert calls() == 1


def test_answers_arriving_together_all_show_on_the_check_in(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    started: Running,
    posted: dict[str, Any],
) -> None:
    people = [BOB, ERIN, DAVE, ALICE]

    def answer(user: str) -> int:
        event = reply_event(fake_slack, started, posted, user, "Fine.")
        return slack.event(event).status_code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(answer, people)) == [200] * 4
    slack.wait_idle()

    shown = str(current(fake_slack, started)["blocks"])
    for user in people:
        assert f"<@{user}>" in shown.split("Answered:")[1]
