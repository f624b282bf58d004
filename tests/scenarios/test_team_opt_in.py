"""F3, opt in and out by what people do: reactions, "I'm in", joins and leaves;
retries and out-of-order delivery.

After every step the roster message in the fake Slack's channel is compared with the roster
the database gives (``assert_roster_matches``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from slack_app.domain.team import Standing
from slack_app.store.database import Database
from slack_app.store.models import ProcessedEventRow
from tests.conftest import ALICE, BOB, GENERAL, ROBOT
from tests.fakeslack import FakeSlack
from tests.support.roster_check import (
    assert_roster_matches,
    changes,
    roster_in_db,
    roster_message,
    team_in,
    workspace,
)
from tests.support.signed import SlackSender, example
from tests.support.team_flows import (
    buttons,
    declare_with_follower,
    form,
    membership,
    reaction,
    roster_edits,
    say_im_in,
    settle,
    slack_ts,
    wait_for_edits,
)
from tests.support.team_steps import (
    DAVE,
    ERIN,
    Pilot,
    deliver,
    join,
    leave,
    people_rows,
    press_im_in,
    react,
    read_follower,
    stand_list,
    standing,
)
from tests.support.waiting import eventually

# -- opting in and out ---------------------------------------------------------------------------
# Slack stamps events with the test clock (`slack_ts`, a microsecond apart while it stands still)
# and the app stamps the founders with the same clock: a founder's later leave is later.


def test_the_opt_in_reaction_makes_a_member_and_removing_it_opts_out(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    join(slack, fake_slack, db, pilot, DAVE)
    assert standing(fake_slack, db, pilot, DAVE) is Standing.WATCHER

    react(slack, fake_slack, db, pilot, DAVE)
    assert standing(fake_slack, db, pilot, DAVE) is Standing.MEMBER

    react(slack, fake_slack, db, pilot, DAVE, kind="reaction_removed")
    assert standing(fake_slack, db, pilot, DAVE) is Standing.WATCHER  # still in the channel

    react(slack, fake_slack, db, pilot, ERIN)  # not in the channel: a reaction is enough
    assert standing(fake_slack, db, pilot, ERIN) is Standing.MEMBER
    react(slack, fake_slack, db, pilot, ERIN, kind="reaction_removed")
    assert standing(fake_slack, db, pilot, ERIN) is Standing.OUT

    assert changes(db, DAVE) == [
        (DAVE, "out", "watcher", "channel"),
        (DAVE, "watcher", "member", "reaction"),
        (DAVE, "member", "watcher", "reaction"),
    ]
    assert changes(db, ERIN) == [
        (ERIN, "out", "member", "reaction"),
        (ERIN, "member", "out", "reaction"),
    ]


def test_removing_the_reaction_keeps_someone_who_also_pressed_im_in(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    react(slack, fake_slack, db, pilot, DAVE)
    press_im_in(slack, fake_slack, db, pilot, DAVE, moves=False)  # already a member

    react(slack, fake_slack, db, pilot, DAVE, kind="reaction_removed", moves=False)

    assert standing(fake_slack, db, pilot, DAVE) is Standing.MEMBER
    assert changes(db, DAVE) == [(DAVE, "out", "member", "reaction")]


def test_other_emoji_and_reactions_on_other_messages_change_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    roster_ts = roster_message(fake_slack, pilot.channel)["ts"]
    elsewhere = fake_slack.add_message(GENERAL, user=BOB, text="A thought")
    chatter = fake_slack.add_message(pilot.channel, user=ALICE, text="Welcome, all")
    events = [
        reaction(
            "reaction_added",
            user=DAVE,
            channel=pilot.channel,
            ts=pilot.vision["ts"],
            emoji="thumbsup",
        ),
        reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=roster_ts),
        reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=chatter["ts"]),
        reaction("reaction_added", user=DAVE, channel=GENERAL, ts=elsewhere["ts"]),
        reaction("reaction_added", user=DAVE, channel=GENERAL, ts=pilot.vision["ts"]),
        reaction(
            "reaction_removed",
            user=BOB,
            channel=pilot.channel,
            ts=pilot.vision["ts"],
            emoji="thumbsup",
        ),
    ]

    for event in events:
        deliver(slack, fake_slack, db, pilot, event, moves=False)

    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT
    assert standing(fake_slack, db, pilot, BOB) is Standing.MEMBER
    assert changes(db, DAVE) == []
    assert DAVE not in people_rows(db)


def test_a_skin_tone_of_the_opt_in_emoji_counts(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    react(slack, fake_slack, db, pilot, DAVE, emoji="raised_hands::skin-tone-4")
    assert standing(fake_slack, db, pilot, DAVE) is Standing.MEMBER

    react(
        slack,
        fake_slack,
        db,
        pilot,
        DAVE,
        kind="reaction_removed",
        emoji="raised_hands::skin-tone-4",
    )
    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT


def test_im_in_on_the_vision_post_makes_a_member_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    press_im_in(slack, fake_slack, db, pilot, ERIN)
    press_im_in(slack, fake_slack, db, pilot, ERIN, moves=False)

    shown = roster_in_db(db, fake_slack, pilot.channel)
    assert [line.user_id for line in shown.members] == [ALICE, BOB, ERIN]
    assert changes(db, ERIN) == [(ERIN, "out", "member", "button")]


def test_joining_makes_a_watcher_welcomed_with_im_in_only_to_them(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    join(slack, fake_slack, db, pilot, DAVE)

    [welcome] = eventually(lambda: fake_slack.ephemeral_messages(pilot.channel))
    assert welcome["recipient"] == DAVE
    assert "It's going to go out every day" in str(welcome["blocks"])
    assert buttons(welcome)["im_in"]["value"] == str(pilot.team_id)
    assert standing(fake_slack, db, pilot, DAVE) is Standing.WATCHER
    assert changes(db, DAVE) == [(DAVE, "out", "watcher", "channel")]

    updates = len(roster_edits(fake_slack, pilot.channel))
    container = {
        "type": "message",
        "message_ts": welcome["ts"],
        "channel_id": pilot.channel,
        "is_ephemeral": True,
    }
    slack.block_action(buttons(welcome)["im_in"], user=DAVE, container=container)
    wait_for_edits(fake_slack, pilot.channel, updates + 1)
    assert_roster_matches(fake_slack, db, pilot.channel)
    assert standing(fake_slack, db, pilot, DAVE) is Standing.MEMBER


def test_a_join_after_im_in_leaves_one_membership_and_no_welcome(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    press_im_in(slack, fake_slack, db, pilot, ERIN)

    join(slack, fake_slack, db, pilot, ERIN, moves=False)

    shown = roster_in_db(db, fake_slack, pilot.channel)
    assert [line.user_id for line in shown.members].count(ERIN) == 1
    assert fake_slack.ephemeral_messages() == []


def test_the_apps_own_join_and_the_founders_joins_change_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    bot_join: dict[str, Any] = example("event_member_joined_channel_self_bot.json")["event"]
    bot_join.update(user=fake_slack.bot_user_id, channel=pilot.channel, event_ts=slack_ts())
    deliver(slack, fake_slack, db, pilot, bot_join, moves=False)
    # Slack reports the founders' joins after the app invited them.
    for founder in (ALICE, BOB):
        event = membership("member_joined_channel", user=founder, channel=pilot.channel)
        deliver(slack, fake_slack, db, pilot, event, moves=False)

    assert fake_slack.bot_user_id not in people_rows(db)
    assert fake_slack.ephemeral_messages() == []
    assert len(changes(db)) == 4  # the founding only


def test_the_first_follower_leaving_is_off_the_team_and_the_lead_is_told(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    dms = len(fake_slack.dm_messages(ALICE))

    leave(slack, fake_slack, db, pilot, BOB)

    shown = roster_in_db(db, fake_slack, pilot.channel)
    assert [line.user_id for line in shown.members] == [ALICE]
    assert shown.first_follower_id is None
    assert read_follower(fake_slack, pilot) == "_not yet_"
    [told] = eventually(lambda: fake_slack.dm_messages(ALICE)[dms:])
    assert f"<@{BOB}> left <#{pilot.channel}>" in told["text"]
    assert "your first follower" in told["text"]
    assert changes(db, BOB)[-1] == (BOB, "member", "out", "channel")

    join(slack, fake_slack, db, pilot, BOB)  # coming back: a watcher until he opts in again
    assert standing(fake_slack, db, pilot, BOB) is Standing.WATCHER


def test_a_member_leaving_is_reported_to_the_lead_and_a_watcher_leaving_is_not(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    join(slack, fake_slack, db, pilot, DAVE)
    react(slack, fake_slack, db, pilot, DAVE)
    join(slack, fake_slack, db, pilot, ERIN)
    dms = len(fake_slack.dm_messages(ALICE))

    leave(slack, fake_slack, db, pilot, DAVE)
    [told] = eventually(lambda: fake_slack.dm_messages(ALICE)[dms:])
    assert f"<@{DAVE}> left <#{pilot.channel}>. They were on the team" in told["text"]

    leave(slack, fake_slack, db, pilot, ERIN)
    settle(slack, fake_slack, ALICE)
    assert len(fake_slack.dm_messages(ALICE)) == dms + 1
    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT  # the reaction no longer counts
    assert standing(fake_slack, db, pilot, ERIN) is Standing.OUT


def test_a_first_follower_who_leaves_is_no_longer_named_as_such(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    leave(slack, fake_slack, db, pilot, BOB)

    listed = stand_list(slack)
    assert "1 on the team" in listed
    assert f"First follower: <@{BOB}>" not in listed


# -- a first follower who answers after the team formed -------------------------------------------
def formed_before_the_answer(slack: SlackSender, fake: FakeSlack, db: Database) -> Pilot:
    """Alice asks Bob, forms the team before he answers: only she is invited."""
    stand_id = declare_with_follower(slack, fake, db, author=ALICE, follower=BOB, answer=False)
    channel, news = form(slack, fake, author=ALICE)
    assert channel is not None, news["text"]
    assert [c.args["users"] for c in fake.calls_to("conversations.invite")] == [ALICE]
    shown = assert_roster_matches(fake, db, channel)
    assert ([line.user_id for line in shown.members], shown.first_follower_id) == ([ALICE], None)
    return Pilot(stand_id, channel, team_in(db, channel).id, fake.messages(channel)[0])


def test_a_first_follower_who_answers_after_the_team_formed_is_put_on_its_roster(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    pilot = formed_before_the_answer(slack, fake_slack, db)
    edits = len(roster_edits(fake_slack, pilot.channel))

    say_im_in(slack, fake_slack, db, pilot.stand_id, follower=BOB, author=ALICE)

    wait_for_edits(fake_slack, pilot.channel, edits + 1)
    shown = assert_roster_matches(fake_slack, db, pilot.channel)
    assert shown.first_follower_id == BOB
    assert [line.user_id for line in shown.members] == [ALICE, BOB]
    assert changes(db, BOB) == [(BOB, "out", "member", "founder")]


def test_a_member_who_becomes_first_follower_is_shown_as_first_follower(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    pilot = formed_before_the_answer(slack, fake_slack, db)
    react(slack, fake_slack, db, pilot, BOB)

    say_im_in(slack, fake_slack, db, pilot.stand_id, follower=BOB, author=ALICE)
    settle(slack, fake_slack, ALICE)

    assert roster_in_db(db, fake_slack, pilot.channel).first_follower_id == BOB
    assert_roster_matches(fake_slack, db, pilot.channel)


# -- Slack's retries and out-of-order delivery ---------------------------------------------------
def test_the_same_event_delivered_three_times_is_applied_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    event = reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=pilot.vision["ts"])
    updates = len(roster_edits(fake_slack, pilot.channel))

    for retry in (None, 1, 2):
        assert slack.event(event, event_id="Ev0TRIPLE01", retry_num=retry).status_code == 200

    wait_for_edits(fake_slack, pilot.channel, updates + 1)
    settle(slack, fake_slack, ALICE)
    assert len(roster_edits(fake_slack, pilot.channel)) == updates + 1
    assert changes(db, DAVE) == [(DAVE, "out", "member", "reaction")]
    with db.unit_of_work(workspace(fake_slack)) as uow:
        ids = list(uow.session.scalars(select(ProcessedEventRow.event_id)))
    assert ids.count("Ev0TRIPLE01") == 1
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_a_reaction_removed_delivered_before_its_reaction_added_leaves_no_phantom(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    added_at, removed_at = slack_ts(), slack_ts()
    vision = pilot.vision["ts"]
    removed = reaction(
        "reaction_removed", user=DAVE, channel=pilot.channel, ts=vision, at=removed_at
    )
    added = reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=vision, at=added_at)

    deliver(slack, fake_slack, db, pilot, removed, moves=False)
    deliver(slack, fake_slack, db, pilot, added, moves=False)

    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT
    assert changes(db, DAVE) == []


def test_a_leave_delivered_before_its_join_leaves_no_phantom_watcher(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:

    joined_at, left_at = slack_ts(), slack_ts()
    left = membership("member_left_channel", user=DAVE, channel=pilot.channel, at=left_at)
    joined = membership("member_joined_channel", user=DAVE, channel=pilot.channel, at=joined_at)

    deliver(slack, fake_slack, db, pilot, left, moves=False)
    deliver(slack, fake_slack, db, pilot, joined, moves=False)

    assert standing(fake_slack, db, pilot, DAVE) is Standing.OUT
    assert fake_slack.ephemeral_messages() == []


def test_another_apps_bot_joining_is_nobodys_teammate(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    event = membership("member_joined_channel", user=ROBOT, channel=pilot.channel)

    deliver(slack, fake_slack, db, pilot, event, moves=False)

    assert ROBOT not in people_rows(db)
    assert fake_slack.ephemeral_messages() == []
