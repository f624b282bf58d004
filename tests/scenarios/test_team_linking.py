"""F3, link a channel the team already has instead of creating one.

After every step the roster message in the fake Slack's channel is compared with the roster
the database gives (``assert_roster_matches``).
"""

from __future__ import annotations

from slack_app.store.database import Database
from tests.conftest import ALICE, ARCHIVE, BOB, GENERAL, RANDOM, SECRET
from tests.fakeslack import FakeSlack
from tests.support.roster_check import (
    assert_roster_matches,
    team_in,
    teams,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import (
    declare_with_follower,
    link,
    link_values,
    open_team_modal,
    settle,
    submit,
)
from tests.support.team_steps import (
    DAVE,
    Pilot,
    people_rows,
)

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


def test_a_pilot_channel_cannot_be_linked_to_a_second_stand(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    declare_with_follower(slack, fake_slack, db, author=ALICE, follower=None, going="A second")

    channel, news = link(slack, fake_slack, author=ALICE, channel=pilot.channel)

    assert channel is None
    assert "already the pilot channel of another stand" in news["text"]
    assert len(teams(db)) == 1
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_a_channel_the_author_is_not_in_cannot_be_linked(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    fake_slack.add_channel("C0DAVES001", name="daves", members={DAVE}, bot_is_member=False)

    channel, news = link(slack, fake_slack, author=ALICE, channel="C0DAVES001")

    assert channel is None
    assert "You're not in <#C0DAVES001>" in news["text"]
    assert teams(db) == []
    assert fake_slack.calls_to("conversations.join") == []
    assert fake_slack.messages("C0DAVES001") == []


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
