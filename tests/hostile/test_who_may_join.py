"""One rule for who may be on a team, whatever the signal (the opt-in reaction, "I'm in",
joining the channel): an active human of this workspace. Another app's bot, Slackbot, a
deactivated account and someone of another organisation change nothing."""

from __future__ import annotations

import pytest

from slack_app.domain.team import Standing
from slack_app.store.database import Database
from tests.conftest import ALICE, CAROL, ROBOT
from tests.fakeslack import FakeSlack
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons, form, membership, reaction, set_in_channel
from tests.support.team_steps import DAVE, Pilot, deliver, people_rows, standing

STRANGER, SLACKBOT = "U0STRANGE1", "USLACKBOT"
NOT_ALLOWED = {
    "another app's bot": ROBOT,
    "Slackbot": SLACKBOT,
    "a deactivated account": CAROL,
    "someone of another organisation": STRANGER,
}


@pytest.fixture(autouse=True)
def stranger(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(STRANGER, name="sam", real_name="Sam Stranger", team_id="T0ELSEWHERE")


@pytest.mark.parametrize("signal", ["reaction", "join"])
def test_an_opt_in_event_by_anyone_but_an_active_human_here_changes_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot, signal: str
) -> None:
    for user in NOT_ALLOWED.values():  # one team for all four: none of them changes it
        if signal == "reaction":
            ts = pilot.vision["ts"]
            event = reaction("reaction_added", user=user, channel=pilot.channel, ts=ts)
        else:
            event = membership("member_joined_channel", user=user, channel=pilot.channel)

        deliver(slack, fake_slack, db, pilot, event, moves=False)

        assert user not in people_rows(db)
        assert standing(fake_slack, db, pilot, user) is Standing.OUT
    assert fake_slack.ephemeral_messages() == []  # no welcome either


@pytest.mark.parametrize("who", ["a deactivated account", "someone of another organisation"])
def test_im_in_pressed_by_anyone_but_an_active_human_here_is_refused_in_words(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot, who: str
) -> None:
    user = NOT_ALLOWED[who]
    vision = pilot.vision

    response = slack.block_action(
        buttons(vision)["im_in"], user=user, message=vision, channel=pilot.channel
    )
    slack.wait_idle()

    assert response.status_code == 200
    [refusal] = fake_slack.replies_to(user)
    assert "Only active people of this workspace can join" in refusal["text"]
    assert user not in people_rows(db)


def test_im_in_in_a_private_channel_by_someone_there_whose_join_was_missed_counts(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    channel, news = form(slack, fake_slack, author=ALICE, private=True)
    assert channel is not None, news["text"]
    vision = fake_slack.messages(channel)[0]
    set_in_channel(fake_slack, channel, DAVE, present=True)  # its event never arrived

    response = slack.block_action(
        buttons(vision)["im_in"], user=DAVE, message=vision, channel=channel
    )
    slack.wait_idle()

    assert response.status_code == 200
    assert fake_slack.replies_to(DAVE) == []
    assert DAVE in people_rows(db)
