"""F3, form a team: the pilot channel created, the vision post and the roster.

After every step the roster message in the fake Slack's channel is compared with the roster
the database gives (``assert_roster_matches``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.roster_check import (
    assert_roster_matches,
    changes,
    team_in,
    teams,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import (
    author_news,
    buttons,
    finish,
    form,
    form_values,
    open_team_modal,
    settle,
    submit,
    suggested_name,
)
from tests.support.team_steps import (
    DAVE,
    ERIN,
    NAME,
    Pilot,
    home_text,
    open_home,
    press_im_in,
    react,
    stand_list,
)

# -- forming a team ------------------------------------------------------------------------------


def test_forming_a_team_creates_the_channel_invites_the_founders_and_posts_the_vision(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    view = open_team_modal(slack, fake_slack, author=ALICE)
    assert view["callback_id"] == "form_team"
    assert suggested_name(view) == NAME

    channel, news = finish(slack, fake_slack, view, form_values(view), author=ALICE)

    assert channel is not None, news["text"]
    [create] = fake_slack.calls_to("conversations.create")
    assert create.args["name"] == NAME
    created = fake_slack.workspace.channels[channel]
    assert (created.name, created.is_private) == (NAME, False)
    invited = [c.args["users"] for c in fake_slack.calls_to("conversations.invite")]
    assert sorted(invited) == [ALICE, BOB]
    assert {ALICE, BOB} <= created.members
    [team] = teams(db)
    assert (team.stand_id, team.lead_id, team.channel_id) == (stand_id, ALICE, channel)
    assert (team.is_private, team.linked) == (False, False)
    vision, roster = fake_slack.messages(channel)
    assert (team.vision_ts, team.roster_ts) == (vision["ts"], roster["ts"])
    assert vision["metadata"]["event_type"] == "vision_posted"
    assert "It's going to go out every day, tested by machines." in str(vision["blocks"])
    assert ":raised_hands: to opt in, remove it to opt out" in str(vision["blocks"])
    assert buttons(vision)["im_in"]["value"] == str(team.id)
    assert vision["pinned_to"] == [channel]
    assert [c.args["timestamp"] for c in fake_slack.calls_to("pins.add")] == [vision["ts"]]
    shown = assert_roster_matches(fake_slack, db, channel)
    assert (shown.lead_id, shown.first_follower_id) == (ALICE, BOB)
    assert [line.user_id for line in shown.members] == [ALICE, BOB]
    assert shown.watchers == ()
    assert f"Your team has a home: <#{channel}> (created)" in news["text"]
    assert ":warning:" not in news["text"]
    assert changes(db) == [
        (ALICE, "out", "watcher", "channel"),
        (BOB, "out", "watcher", "channel"),
        (ALICE, "watcher", "member", "founder"),
        (BOB, "watcher", "member", "founder"),
    ]
    people = f"First follower: <@{BOB}> · 2 on the team in <#{channel}>"
    assert people in home_text(fake_slack, ALICE)
    assert "open_form_team" not in home_text(fake_slack, ALICE)
    assert people in stand_list(slack)


def test_home_and_stand_list_count_people_who_opt_in_later(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    react(slack, fake_slack, db, pilot, DAVE)
    press_im_in(slack, fake_slack, db, pilot, ERIN)

    people = f"First follower: <@{BOB}> · 4 on the team in <#{pilot.channel}>"
    assert people in open_home(slack, fake_slack, ALICE)
    assert people in stand_list(slack)


def test_a_taken_name_gets_a_numbered_suffix(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.add_channel("C0TAKEN001", name=NAME, members={DAVE}, bot_is_member=False)
    fake_slack.add_channel("C0TAKEN002", name=f"{NAME}-2", members={DAVE}, bot_is_member=False)

    channel, news = form(slack, fake_slack, author=ALICE)

    tried = [
        (c.args["name"], c.response.get("error"))
        for c in fake_slack.calls_to("conversations.create")
    ]
    assert tried == [(NAME, "name_taken"), (f"{NAME}-2", "name_taken"), (f"{NAME}-3", None)]
    assert channel is not None, news["text"]
    assert fake_slack.workspace.channels[channel].name == f"{NAME}-3"
    assert team_in(db, channel).stand_id == stand_id
    assert fake_slack.messages("C0TAKEN001") == []
    assert_roster_matches(fake_slack, db, channel)


def test_a_shielded_pilot_gets_a_private_channel(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, news = form(slack, fake_slack, author=ALICE, name="pilot-quiet", private=True)

    assert channel is not None, news["text"]
    created = fake_slack.workspace.channels[channel]
    assert (created.name, created.is_private) == ("pilot-quiet", True)
    assert {ALICE, BOB} <= created.members
    assert team_in(db, channel).is_private is True
    assert len(fake_slack.messages(channel)) == 2
    assert_roster_matches(fake_slack, db, channel)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the channel a name"),
        ("Pilot Channel", "lowercase letters, digits, hyphens and underscores"),
        ("pilot#1", "lowercase letters, digits, hyphens and underscores"),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_an_invalid_channel_name_is_refused_inline_and_creates_nothing(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    stand_id: int,
    name: str,
    message: str,
) -> None:
    view = open_team_modal(slack, fake_slack, author=ALICE)

    ack = submit(slack, view, form_values(view, name=name), user=ALICE)

    assert ack["response_action"] == "errors"
    assert list(ack["errors"]) == ["channel_name"]
    assert message in ack["errors"]["channel_name"]
    settle(slack, fake_slack, ALICE)
    assert fake_slack.calls_to("conversations.create") == []
    assert teams(db) == []


def test_a_second_form_a_team_for_the_same_stand_is_refused_inline(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    view = open_team_modal(slack, fake_slack, author=ALICE)  # the button in the old DM

    ack = submit(slack, view, form_values(view, name="pilot-again"), user=ALICE)

    assert ack["response_action"] == "errors"
    assert f"already has a team, in <#{pilot.channel}>" in ack["errors"]["stand"]
    settle(slack, fake_slack, ALICE)
    assert len(fake_slack.calls_to("conversations.create")) == 1
    assert [t.channel_id for t in teams(db)] == [pilot.channel]
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_a_second_submission_while_the_first_is_creating_leaves_no_stray_channel(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int, clock: Clock
) -> None:
    fake_slack.fail_next("conversations.create", "ratelimited", retry_after=1)
    view = open_team_modal(slack, fake_slack, author=ALICE)
    dms = len(fake_slack.dm_messages(ALICE))
    assert submit(slack, view, form_values(view), user=ALICE) == {}
    fake_slack.wait_for("conversations.create")  # the first try: told to wait a second

    second = submit(slack, view, form_values(view), user=ALICE)  # pressed again meanwhile
    assert "being formed" in second["errors"]["stand"]
    clock.advance(timedelta(seconds=1))
    slack.deliver_due()  # the first try's retry
    # The first submission finishes (Alice hears where her team is), and then nothing the
    # app started is still running: a stray second creation would have happened by now.
    news = author_news(fake_slack, ALICE, dms)
    assert "Your team has a home" in news["text"], news["text"]
    settle(slack, fake_slack, ALICE)

    [team] = teams(db)
    created = [
        c.response["channel"]["id"]
        for c in fake_slack.calls_to("conversations.create")
        if c.response.get("ok")
    ]
    assert created == [team.channel_id]
