"""F3, form the team: a pilot channel (created or linked), the vision post and the roster,
and people opting in and out by what they do — through signed requests to the fake Slack.

After every step the roster message in the fake Slack's channel is compared with the roster
the database gives (``assert_roster_matches``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.domain.team import Standing
from slack_app.store.database import Database
from slack_app.store.models import ProcessedEventRow, TeamPersonRow
from tests.conftest import ALICE, ARCHIVE, BOB, GENERAL, RANDOM, SECRET
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.signed import SlackSender, example
from tests.support.team_flows import (
    assert_roster_matches,
    button,
    buttons,
    changes,
    declare_with_follower,
    finish,
    form,
    form_values,
    link,
    link_values,
    membership,
    open_team_modal,
    reaction,
    roster_edits,
    roster_in_db,
    roster_message,
    say_im_in,
    set_in_channel,
    settle,
    slack_ts,
    submit,
    suggested_name,
    team_in,
    teams,
    wait_for_edits,
)
from tests.support.waiting import eventually

DAVE, ERIN = "U0DAVE0001", "U0ERIN0001"
NAME = "pilot-out-every-day-tested-by-machines"  # from "It's going to go out every day, …"


@dataclass(frozen=True)
class Pilot:
    """A formed team, as the fake Slack shows it."""

    stand_id: int
    channel: str
    team_id: int
    vision: dict[str, Any]


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def wall_clock(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Slack stamps events and button presses with its own (wall-clock) time, and the app
    stamps founders with its clock: in production both are "now", so here too. (With the
    default frozen clock, ahead of the wall clock, a founder's later leave would look older
    than their founding and be ignored.)"""
    monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC))
    return clock


@pytest.fixture
def stand_id(slack: SlackSender, fake_slack: FakeSlack, db: Database) -> int:
    """Alice's stand, with Bob as its first follower (asked in the modal, "I'm in" pressed)."""
    fake_slack.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London")
    fake_slack.add_user(ERIN, name="erin", real_name="Erin Ebert", tz="Asia/Tokyo")
    return declare_with_follower(slack, fake_slack, db, author=ALICE, follower=BOB)


@pytest.fixture
def pilot(slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int) -> Pilot:
    channel, news = form(slack, fake_slack, author=ALICE)
    assert channel is not None, news["text"]
    vision = fake_slack.messages(channel)[0]
    assert_roster_matches(fake_slack, db, channel)
    return Pilot(stand_id, channel, team_in(db, channel).id, vision)


# -- steps ---------------------------------------------------------------------------------------
def deliver(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    event: dict[str, Any],
    *,
    moves: bool,
) -> None:
    """Deliver ``event``; wait for the roster edit when it ``moves`` someone, else make sure
    nothing was edited. Then the roster in Slack must match the database."""
    updates = len(roster_edits(fake, pilot.channel))
    assert slack.event(event).status_code == 200
    if moves:
        wait_for_edits(fake, pilot.channel, updates + 1)
    else:
        settle(slack, fake, ALICE)
        assert len(roster_edits(fake, pilot.channel)) == updates
    assert_roster_matches(fake, db, pilot.channel)


def press_im_in(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    """``user`` presses "I'm in" on the vision post in the pilot channel."""
    updates = len(roster_edits(fake, pilot.channel))
    vision = pilot.vision
    im_in = buttons(vision)["im_in"]
    response = slack.block_action(im_in, user=user, message=vision, channel=pilot.channel)
    assert response.status_code == 200
    if moves:
        wait_for_edits(fake, pilot.channel, updates + 1)
    else:
        settle(slack, fake, ALICE)
        assert len(roster_edits(fake, pilot.channel)) == updates
    assert_roster_matches(fake, db, pilot.channel)


def join(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    set_in_channel(fake, pilot.channel, user, present=True)
    event = membership("member_joined_channel", user=user, channel=pilot.channel)
    deliver(slack, fake, db, pilot, event, moves=moves)


def leave(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    set_in_channel(fake, pilot.channel, user, present=False)
    event = membership("member_left_channel", user=user, channel=pilot.channel)
    deliver(slack, fake, db, pilot, event, moves=moves)


def react(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    kind: str = "reaction_added",
    emoji: str = "raised_hands",
    moves: bool = True,
) -> None:
    event = reaction(kind, user=user, channel=pilot.channel, ts=pilot.vision["ts"], emoji=emoji)
    deliver(slack, fake, db, pilot, event, moves=moves)


def standing(fake: FakeSlack, db: Database, pilot: Pilot, user: str) -> Standing:
    return roster_in_db(db, fake, pilot.channel).standing_of(user)


def read_follower(fake: FakeSlack, pilot: Pilot) -> str:
    """What the roster message says after *First follower:*."""
    line: str = next(
        b["text"]["text"]
        for b in roster_message(fake, pilot.channel)["blocks"]
        if b["type"] == "section" and b["text"]["text"].startswith("*Lead:*")
    )
    return line.split("*First follower:*")[1].strip()


def stand_list(slack: SlackSender, user: str = ALICE) -> str:
    response = slack.command("list", user=user)
    assert response.status_code == 200
    return str(response.json()["blocks"])


def people_rows(db: Database) -> list[str]:
    with db.transaction() as session:
        return [row.user_id for row in session.scalars(select(TeamPersonRow))]


def home_text(fake: FakeSlack, user: str) -> str:
    home = fake.home_view(user)
    assert home is not None
    return str(home["blocks"])


def open_home(slack: SlackSender, fake: FakeSlack, user: str) -> str:
    before = len(fake.calls_to("views.publish"))
    event = example("event_app_home_opened_home.json")["event"]
    event.update(user=user, tab="home")
    slack.event(event)
    fake.wait_for("views.publish", count=before + 1)
    return home_text(fake, user)


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
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("conversations.create", "ratelimited", retry_after=1)
    view = open_team_modal(slack, fake_slack, author=ALICE)
    assert submit(slack, view, form_values(view), user=ALICE) == {}
    fake_slack.wait_for("conversations.create")  # the first try: told to wait a second

    second = submit(slack, view, form_values(view), user=ALICE)  # pressed again meanwhile
    assert "being formed" in second["errors"]["stand"]
    fake_slack.wait_for("conversations.create", count=2)  # the first try's retry
    time.sleep(0.5)
    settle(slack, fake_slack, ALICE)

    [team] = teams(db)
    created = [
        c.response["channel"]["id"]
        for c in fake_slack.calls_to("conversations.create")
        if c.response.get("ok")
    ]
    assert created == [team.channel_id]


# -- linking a channel ---------------------------------------------------------------------------
def test_linking_a_public_channel_the_app_is_not_in_joins_it_and_makes_watchers(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.add_channel(RANDOM, name="random", members={ALICE, BOB, DAVE}, bot_is_member=False)

    channel, news = link(slack, fake_slack, author=ALICE, channel=RANDOM)

    assert channel == RANDOM, news["text"]
    assert f"<#{RANDOM}> (linked)" in news["text"]
    assert [c.args["channel"] for c in fake_slack.calls_to("conversations.join")] == [RANDOM]
    assert fake_slack.calls_to("conversations.create") == []
    assert fake_slack.calls_to("conversations.invite") == []  # everyone is there already
    team = team_in(db, RANDOM)
    assert (team.stand_id, team.linked, team.is_private) == (stand_id, True, False)
    vision, _ = fake_slack.messages(RANDOM)
    assert vision["pinned_to"] == [RANDOM]
    shown = assert_roster_matches(fake_slack, db, RANDOM)
    assert [line.user_id for line in shown.members] == [ALICE, BOB]
    assert [line.user_id for line in shown.watchers] == [DAVE]
    assert fake_slack.bot_user_id not in people_rows(db)


def test_linking_a_private_channel_the_app_was_invited_to_needs_no_join(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.add_channel(SECRET, name="secret", is_private=True, members={ALICE, DAVE})

    channel, news = link(slack, fake_slack, author=ALICE, channel=SECRET)

    assert channel == SECRET, news["text"]
    assert fake_slack.calls_to("conversations.join") == []
    assert [c.args["users"] for c in fake_slack.calls_to("conversations.invite")] == [BOB]
    assert team_in(db, SECRET).is_private is True
    shown = assert_roster_matches(fake_slack, db, SECRET)
    assert [line.user_id for line in shown.members] == [ALICE, BOB]
    assert [line.user_id for line in shown.watchers] == [DAVE]


def test_a_pilot_channel_linked_to_a_second_stand_works_or_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    second = declare_with_follower(
        slack, fake_slack, db, author=ALICE, follower=None, going="A second stand"
    )

    channel, news = link(slack, fake_slack, author=ALICE, channel=pilot.channel)

    if channel is None:  # refused: fine, when it says why and stores nothing
        assert "already" in news["text"]
        assert len(teams(db)) == 1
        return
    [team] = [t for t in teams(db) if t.stand_id == second]
    slack.event(reaction("reaction_added", user=DAVE, channel=channel, ts=str(team.vision_ts)))
    settle(slack, fake_slack, ALICE)
    with db.transaction() as session:
        on_second = session.scalars(
            select(TeamPersonRow.user_id).where(TeamPersonRow.team_pk == team.id)
        ).all()
    assert DAVE in on_second


def test_linking_a_private_channel_the_app_is_not_in_says_how_to_invite_it(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, news = link(slack, fake_slack, author=ALICE, channel=SECRET)

    assert channel is None
    assert "/invite @Stand" in news["text"]
    assert f"<#{SECRET}>" in news["text"]
    assert teams(db) == []
    assert fake_slack.calls_to("conversations.join") == []
    assert fake_slack.messages(SECRET) == []


def test_linking_an_archived_channel_is_explained_and_stores_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, news = link(slack, fake_slack, author=ALICE, channel=ARCHIVE)

    assert channel is None
    assert f"<#{ARCHIVE}> is archived" in news["text"]
    assert teams(db) == []
    assert fake_slack.messages(ARCHIVE) == []


def test_linking_a_channel_slack_cannot_find_is_explained_and_stores_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, news = link(slack, fake_slack, author=ALICE, channel="C0GONE0001")

    assert channel is None
    assert "I can't see <#C0GONE0001>" in news["text"]
    assert teams(db) == []


def test_linking_is_refused_inline_once_the_stand_has_a_team(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    view = open_team_modal(slack, fake_slack, action_id="open_link_channel", author=ALICE)

    ack = submit(slack, view, link_values(view, GENERAL), user=ALICE)

    assert "already has a team" in ack["errors"]["stand"]
    settle(slack, fake_slack, ALICE)
    assert [t.channel_id for t in teams(db)] == [pilot.channel]
    assert fake_slack.messages(GENERAL) == []


# -- opting in and out ---------------------------------------------------------------------------
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
    with db.transaction() as session:
        ids = list(session.scalars(select(ProcessedEventRow.event_id)))
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


# -- the wrong person ----------------------------------------------------------------------------
def test_bob_pressing_alices_form_a_team_button_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    dms = len(fake_slack.dm_messages(BOB))
    opened = len(fake_slack.calls_to("views.open"))
    forwarded = button("open_form_team", str(stand_id), "Form a team")

    slack.block_action(forwarded, user=BOB)

    [refusal] = eventually(lambda: fake_slack.dm_messages(BOB)[dms:])
    assert refusal["text"].startswith(":no_entry:")
    assert len(fake_slack.calls_to("views.open")) == opened
    assert teams(db) == []


def test_bob_pressing_alices_button_with_a_stand_of_his_own_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    bobs = declare_with_follower(slack, fake_slack, db, author=BOB, follower=None, going="Bob's")
    assert bobs != stand_id
    dms = len(fake_slack.dm_messages(BOB))
    opened = len(fake_slack.calls_to("views.open"))

    for action_id in ("open_form_team", "open_link_channel"):
        slack.block_action(button(action_id, str(stand_id)), user=BOB)

    refusals = eventually(lambda: [m["text"] for m in fake_slack.dm_messages(BOB)[dms:]][1:])
    assert len(fake_slack.dm_messages(BOB)) == dms + 2
    assert all("not yours" in m["text"] for m in fake_slack.dm_messages(BOB)[dms:]), refusals
    assert len(fake_slack.calls_to("views.open")) == opened


def test_a_modal_submitted_by_bob_for_alices_stand_is_refused_inline(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    declare_with_follower(slack, fake_slack, db, author=BOB, follower=None, going="Bob's")
    form_view = open_team_modal(slack, fake_slack, author=BOB)
    link_view = open_team_modal(slack, fake_slack, action_id="open_link_channel", author=BOB)
    alices = {"text": {"type": "plain_text", "text": "Alice's"}, "value": str(stand_id)}
    forged_form = form_values(form_view, name="pilot-hijack")
    forged_form["stand"]["stand"]["selected_option"] = alices
    forged_link = link_values(link_view, GENERAL)
    forged_link["stand"]["stand"]["selected_option"] = alices

    form_ack = submit(slack, form_view, forged_form, user=BOB)
    link_ack = submit(slack, link_view, forged_link, user=BOB)

    assert "not yours" in form_ack["errors"]["stand"]
    assert "not yours" in link_ack["errors"]["stand"]
    settle(slack, fake_slack, BOB)
    assert fake_slack.calls_to("conversations.create") == []
    assert fake_slack.messages(GENERAL) == []
    assert teams(db) == []


@pytest.mark.parametrize(
    ("value", "message"), [("999999", "no longer exists"), ("team-1", "no longer points")]
)
def test_im_in_with_a_forged_team_id_is_refused_and_changes_nothing(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    pilot: Pilot,
    value: str,
    message: str,
) -> None:
    updates = len(roster_edits(fake_slack, pilot.channel))

    slack.block_action(
        button("im_in", value, "I'm in"), user=DAVE, message=pilot.vision, channel=pilot.channel
    )

    [refusal] = eventually(lambda: fake_slack.dm_messages(DAVE))
    assert message in refusal["text"]
    assert len(roster_edits(fake_slack, pilot.channel)) == updates
    assert DAVE not in people_rows(db)
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_im_in_for_a_private_pilot_pressed_outside_its_channel_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, _ = form(slack, fake_slack, author=ALICE, name="pilot-shielded", private=True)
    assert channel is not None
    team_id = team_in(db, channel).id
    elsewhere = fake_slack.add_message(GENERAL, user=DAVE, text="hello")

    slack.block_action(
        button("im_in", str(team_id), "I'm in"), user=DAVE, message=elsewhere, channel=GENERAL
    )
    settle(slack, fake_slack, ALICE)

    assert DAVE not in people_rows(db)
    assert_roster_matches(fake_slack, db, channel)


# -- Slack's errors ------------------------------------------------------------------------------
def test_name_taken_from_slack_gets_a_suffix(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("conversations.create", "name_taken")

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None, news["text"]
    names = [c.args["name"] for c in fake_slack.calls_to("conversations.create")]
    assert names == [NAME, f"{NAME}-2"]
    assert fake_slack.workspace.channels[channel].name == f"{NAME}-2"
    assert_roster_matches(fake_slack, db, channel)


@pytest.mark.parametrize("code", ["already_in_channel", "cant_invite_self"])
def test_harmless_invite_errors_are_ignored(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int, code: str
) -> None:
    fake_slack.fail_next("conversations.invite", code)

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None
    assert [c.response.get("error") for c in fake_slack.calls_to("conversations.invite")] == [
        code,
        None,
    ]
    assert ":warning:" not in news["text"]
    assert len(fake_slack.messages(channel)) == 2
    assert_roster_matches(fake_slack, db, channel)


def test_a_founder_slack_cannot_find_is_explained_and_the_team_still_forms(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    with fake_slack.workspace.lock:
        del fake_slack.workspace.users[BOB]  # Bob's account is gone since he said "I'm in"

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None
    assert f"I couldn't invite <@{BOB}>: I can't find that person" in news["text"]
    assert ALICE in fake_slack.workspace.channels[channel].members
    assert len(fake_slack.messages(channel)) == 2
    assert_roster_matches(fake_slack, db, channel)


def test_slack_rate_limiting_the_channel_creation_is_retried_after_retry_after(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("conversations.create", "ratelimited", retry_after=1)

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None, news["text"]
    first, second = fake_slack.calls_to("conversations.create")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.9
    assert [t.channel_id for t in teams(db)] == [channel]
    assert_roster_matches(fake_slack, db, channel)


def test_slack_rate_limiting_a_roster_edit_is_retried(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    fake_slack.fail_next("chat.update", "ratelimited", retry_after=0)
    event = reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=pilot.vision["ts"])

    slack.event(event)

    wait_for_edits(fake_slack, pilot.channel, 2)
    assert [c.status for c in roster_edits(fake_slack, pilot.channel)] == [429, 200]
    assert_roster_matches(fake_slack, db, pilot.channel)


@pytest.mark.parametrize(
    ("failures", "said"),
    [
        (["ratelimited"] * 4, "Slack is busy"),
        (["invalid_name_specials"], "characters Slack doesn't allow"),
    ],
)
def test_a_channel_that_could_not_be_created_leaves_no_team(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    stand_id: int,
    failures: list[str],
    said: str,
) -> None:
    for code in failures:
        retry_after = 0 if code == "ratelimited" else None
        fake_slack.fail_next("conversations.create", code, retry_after=retry_after)

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is None
    assert said in news["text"]
    assert teams(db) == []
    assert fake_slack.calls_to("conversations.invite") == []
    assert fake_slack.calls_to("chat.postMessage")[-1].args["channel"] == ALICE
    # Nothing is in the way of trying again.
    channel, news = form(slack, fake_slack, author=ALICE)
    assert channel is not None, news["text"]
    assert_roster_matches(fake_slack, db, channel)


def test_a_workspace_that_forbids_creating_channels_gets_a_readable_message(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("conversations.create", "restricted_action")

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is None
    assert teams(db) == []
    assert "<#>" not in news["text"]


def test_the_app_removed_from_its_new_channel_is_told_clearly(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("chat.postMessage", "not_in_channel")

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None
    assert f"I'm not a member of <#{channel}>" in news["text"]
    assert "/invite @Stand" in news["text"]
    assert fake_slack.messages(channel) == []


def test_a_vision_that_could_not_be_posted_is_not_announced_as_posted(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("chat.postMessage", "not_in_channel")

    channel, news = form(slack, fake_slack, author=ALICE)

    assert channel is not None
    assert fake_slack.messages(channel) == []
    assert "The vision is posted" not in news["text"]


def test_a_team_whose_vision_could_not_be_posted_can_be_set_up_again(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.fail_next("chat.postMessage", "not_in_channel")
    channel, _ = form(slack, fake_slack, author=ALICE)
    assert channel is not None

    again, news = link(slack, fake_slack, author=ALICE, channel=channel)

    assert again == channel, news["text"]
    assert_roster_matches(fake_slack, db, channel)
