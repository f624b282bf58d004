"""F1, declare a stand: `/stand` → modal → inline errors or a stored, declared stand."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, ARCHIVE, BOB, CAROL, GENERAL, RANDOM, ROBOT, SECRET
from tests.fakeslack import FakeSlack
from tests.support.clock import EPOCH, Clock, days_from_epoch, local_date
from tests.support.signed import SlackSender
from tests.support.stand_forms import BY_WHEN
from tests.support.stands_stored import count, declare, stored
from tests.support.waiting import eventually


def test_slash_stand_acks_empty_and_opens_the_declaration_modal(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    response = slack.command("", user=ALICE)

    assert response.status_code == 200
    assert response.content == b""
    view = fake_slack.wait_for("views.open")[0].args["view"]
    assert view["callback_id"] == "declare_stand"
    assert view["title"]["text"] == "Take a stand"
    block_ids = [block["block_id"] for block in view["blocks"] if block["type"] == "input"]
    assert block_ids == [
        "source",
        "situation",
        "not_going",
        "going",
        "by_when",
        "first_follower",
        "channel",
    ]
    source = view["blocks"][1]["element"]
    assert [o["value"] for o in source["options"]] == ["crisis", "inspiration"]


def test_a_stand_declared_in_a_channel_is_stored_posted_dmed_and_on_home(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    ack = declare(slack, fake_slack, channel=GENERAL, first_follower=BOB, source="crisis")

    assert ack == {}
    fake_slack.wait_for("views.publish")
    [row] = stored(db)
    assert (row.team_id, row.enterprise_id, row.author_id) == (fake_slack.team_id, None, ALICE)
    assert row.source == "crisis"
    assert row.going == "It's going to go out every day, tested by machines."
    assert row.by_when == BY_WHEN
    assert row.first_follower_id is None  # Bob is asked; he becomes it by saying so
    [post] = fake_slack.messages(GENERAL)
    assert row.declaration_ts == post["ts"]
    assert row.channel_id == GENERAL
    assert "takes a stand" in post["text"]
    assert post["metadata"]["event_payload"]["stand_id"] == row.id
    blocks_text = str(post["blocks"])
    assert "It's going to go out every day" in blocks_text
    [dm] = fake_slack.dm_messages(ALICE)
    assert "You took a stand" in dm["text"]
    assert "Declared in <#C0GENERAL1>" in str(dm["blocks"])
    assert f"I asked <@{BOB}>" in str(dm["blocks"])
    [question] = fake_slack.dm_messages(BOB)
    assert "What do you think about this idea?" in question["text"]
    home = fake_slack.home_view(ALICE)
    assert home is not None
    assert "It's going to go out every day" in str(home["blocks"])


def test_a_private_stand_is_stored_and_dmed_but_posted_nowhere(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack)

    fake_slack.wait_for("views.publish")
    [row] = stored(db)
    assert row.channel_id is None
    assert row.declaration_ts is None
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] != ALICE]
    assert posts == []
    [dm] = fake_slack.dm_messages(ALICE)
    assert "Kept private for now" in str(dm["blocks"])


def test_the_app_joins_a_public_channel_it_is_not_in_before_declaring(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, channel=RANDOM)

    fake_slack.wait_for("views.publish")
    [join] = fake_slack.calls_to("conversations.join")
    assert join.args["channel"] == RANDOM
    [post] = fake_slack.messages(RANDOM)
    assert stored(db)[0].declaration_ts == post["ts"]


def test_a_private_channel_the_app_is_not_in_gets_a_clear_message_and_a_retry(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, channel=SECRET)

    fake_slack.wait_for("views.publish")
    [row] = stored(db)
    assert row.channel_id == SECRET
    assert row.declaration_ts is None
    assert fake_slack.messages(SECRET) == []
    [dm] = fake_slack.dm_messages(ALICE)
    text = str(dm["blocks"])
    assert "/invite @Stand" in text
    retry = next(
        element
        for block in dm["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == "retry_declaration"
    )

    # Alice invites the app, then presses the button.
    fake_slack.add_channel(
        SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=True
    )
    dm_channel = fake_slack.calls_to("chat.postMessage")[-1].response["channel"]
    slack.block_action(retry, user=ALICE, message=dm, channel=dm_channel)

    fake_slack.wait_for("chat.update")
    [post] = fake_slack.messages(SECRET)
    assert stored(db)[0].declaration_ts == post["ts"]
    [updated] = fake_slack.dm_messages(ALICE)
    assert "Declared in <#G0SECRET01>" in str(updated["blocks"])


def test_retry_pressed_by_someone_else_changes_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, channel=SECRET)
    fake_slack.wait_for("views.publish")
    [dm] = fake_slack.dm_messages(ALICE)
    button = {
        "type": "button",
        "action_id": "retry_declaration",
        "value": str(stored(db)[0].id),
        "text": {"type": "plain_text", "text": "Try declaring it again"},
    }
    fake_slack.add_channel(
        SECRET, name="secret", is_private=True, members={ALICE}, bot_is_member=True
    )

    slack.block_action(button, user=BOB, message=dm)

    [refusal] = eventually(lambda: fake_slack.replies_to(BOB))
    assert "not yours" in refusal["text"]
    assert fake_slack.messages(SECRET) == []
    assert stored(db)[0].declaration_ts is None


def test_an_archived_channel_is_explained_and_the_stand_kept(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, channel=ARCHIVE)

    fake_slack.wait_for("views.publish")
    assert count(db) == 1
    [dm] = fake_slack.dm_messages(ALICE)
    assert "archived" in str(dm["blocks"])


def test_slack_rate_limiting_the_declaration_is_retried_after_retry_after(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=3)

    declare(slack, fake_slack, channel=GENERAL)
    slack.wait_idle()
    clock.advance(timedelta(seconds=2))
    slack.deliver_due()
    assert fake_slack.messages(GENERAL) == []  # not before Slack's Retry-After
    clock.advance(timedelta(seconds=1))
    slack.deliver_due()

    fake_slack.wait_for("views.publish")
    statuses = [c.status for c in fake_slack.calls_to("chat.postMessage")]
    assert statuses[:2] == [429, 200]
    [post] = fake_slack.messages(GENERAL)
    assert stored(db)[0].declaration_ts == post["ts"]


# Alice is in Berlin: her "today" at the epoch, when the clock stands still.
ALICES_TODAY = local_date(EPOCH, "Europe/Berlin")


@pytest.mark.parametrize(
    ("values", "block", "message"),
    [
        ({"source": None}, "source", "crisis or inspiration"),
        ({"situation": None}, "situation", "Describe the current situation"),
        ({"situation": "   \n  "}, "situation", "Describe the current situation"),
        ({"not_going": "\t"}, "not_going", "not going to go"),
        ({"going": " "}, "going", "going to go instead"),
        ({"situation": "x" * 1001}, "situation", "1000 characters"),
        ({"going": "y" * 501}, "going", "500 characters"),
        ({"by_when": None}, "by_when", "Pick the date"),
        ({"by_when": ALICES_TODAY}, "by_when", "in the future"),
        ({"by_when": days_from_epoch(-7 * 365)}, "by_when", "in the future"),
        ({"first_follower": ALICE}, "first_follower", "someone else"),
        ({"first_follower": ROBOT}, "first_follower", "bot"),
        ({"first_follower": CAROL}, "first_follower", "deactivated"),
        ({"first_follower": "U0NOBODY01"}, "first_follower", "can't find"),
        ({"channel": "D0DMALICE1"}, "channel", "Pick a channel"),
    ],
)
def test_bad_input_gets_an_inline_error_and_stores_nothing(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    values: dict[str, Any],
    block: str,
    message: str,
) -> None:
    ack = declare(slack, fake_slack, **values)

    assert ack["response_action"] == "errors"
    assert list(ack["errors"]) == [block]
    assert message in ack["errors"][block]
    assert count(db) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_every_error_at_once_is_reported_at_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    ack = declare(
        slack, fake_slack, source=None, situation="", not_going="", going="", by_when=None
    )

    assert set(ack["errors"]) == {"source", "situation", "not_going", "going", "by_when"}
    assert count(db) == 0


def test_by_when_is_judged_in_the_authors_own_time_zone(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    # A calendar test, pinned relative to the epoch: 23:30 UTC on the day after the epoch's
    # date is already the next day in Berlin, where Alice lives (UTC+1 or +2).
    day = EPOCH.date() + timedelta(days=1)
    clock.current = datetime.combine(day, time(23, 30), UTC)
    next_day = day + timedelta(days=1)
    ack = declare(slack, fake_slack, by_when=next_day)
    assert ack["errors"] == {"by_when": "Pick a date in the future: a stand is a commitment ahead."}

    # Bob, in New York (UTC-5 or -4), is still on ``day``: the next day is tomorrow for him.
    assert declare(slack, fake_slack, user=BOB, by_when=next_day) == {}
    assert [row.author_id for row in stored(db)] == [BOB]


def test_surrounding_whitespace_is_trimmed_before_storing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    declare(slack, fake_slack, going="  It's going to go well.  \n")

    assert stored(db)[0].going == "It's going to go well."


def test_mrkdwn_in_a_stand_is_shown_as_typed_not_as_a_mention(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    declare(slack, fake_slack, channel=GENERAL, going="Ship <!channel> & <@U0BOB00001> stuff")

    fake_slack.wait_for("views.publish")
    [post] = fake_slack.messages(GENERAL)
    text = str(post["blocks"])
    assert "&lt;!channel&gt; &amp; &lt;@U0BOB00001&gt;" in text
    assert "<!channel>" not in text


@pytest.mark.paced
def test_two_stands_declared_at_once_in_one_channel_are_posted_a_second_apart(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    declare(slack, fake_slack, channel=GENERAL, going="First.")
    declare(slack, fake_slack, user=BOB, channel=GENERAL, going="Second.")
    slack.wait_idle()
    assert len(fake_slack.messages(GENERAL)) == 1  # Slack's pace: one message a second

    clock.advance(timedelta(seconds=1))
    slack.deliver_due()

    posts = fake_slack.messages(GENERAL)
    assert len(posts) == 2
    assert {s.declaration_ts for s in stored(db)} == {p["ts"] for p in posts}


def test_a_retried_declaration_in_a_channel_the_app_cannot_read_yet_is_still_posted(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    """After a 500, the retry looks for an earlier post first; in a public channel the app
    is not in, Slack refuses the look (not_in_channel): nothing can have been posted there,
    so it posts (joining first), rather than giving the stand up."""
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500)

    declare(slack, fake_slack, channel=RANDOM)
    slack.wait_idle()
    clock.advance(timedelta(seconds=1))
    slack.deliver_due()

    [look] = fake_slack.calls_to("conversations.history")
    assert look.response["error"] == "not_in_channel"
    [post] = fake_slack.messages(RANDOM)
    assert stored(db)[0].declaration_ts == post["ts"]
    assert "You took a stand" in fake_slack.dm_messages(ALICE)[0]["text"]
