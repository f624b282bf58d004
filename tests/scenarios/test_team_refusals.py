"""F3: the wrong person is refused, and Slack's errors are explained with nothing half-done.

After every step the roster message in the fake Slack's channel is compared with the roster
the database gives (``assert_roster_matches``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.roster_check import (
    assert_roster_matches,
    team_in,
    teams,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import (
    button,
    declare_with_follower,
    form,
    form_values,
    link,
    link_values,
    open_team_modal,
    reaction,
    roster_edits,
    settle,
    submit,
    wait_for_edits,
)
from tests.support.team_steps import (
    DAVE,
    NAME,
    Pilot,
    people_rows,
)
from tests.support.waiting import eventually

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

    [refusal] = eventually(lambda: fake_slack.replies_to(DAVE))
    assert message in refusal["text"]
    assert refusal["channel"] == pilot.channel  # told where he pressed, not in a DM
    assert fake_slack.dm_messages(DAVE) == []
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
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int, clock: Clock
) -> None:
    """The outbox tries the forming again after Slack's Retry-After, not sooner; the author
    hears once, when it is done."""
    fake_slack.fail_next("conversations.create", "ratelimited", retry_after=1)
    view = open_team_modal(slack, fake_slack, author=ALICE)
    dms = len(fake_slack.dm_messages(ALICE))
    assert submit(slack, view, form_values(view), user=ALICE) == {}
    slack.wait_idle()
    clock.advance(timedelta(milliseconds=900))
    slack.deliver_due()
    assert len(fake_slack.calls_to("conversations.create")) == 1
    assert fake_slack.dm_messages(ALICE)[dms:] == []

    clock.advance(timedelta(milliseconds=100))
    slack.deliver_due()

    first, second = fake_slack.calls_to("conversations.create")
    assert (first.status, second.status) == (429, 200)
    [team] = teams(db)
    assert team.channel_id == second.response["channel"]["id"]
    [news] = fake_slack.dm_messages(ALICE)[dms:]
    assert "Your team has a home" in news["text"]
    assert_roster_matches(fake_slack, db, team.channel_id)


def dave_opts_in(slack: SlackSender, fake: FakeSlack, pilot: Pilot) -> list[int]:
    """Dave adds the opt-in reaction; once the app is idle, the roster edits' HTTP statuses."""
    slack.event(reaction("reaction_added", user=DAVE, channel=pilot.channel, ts=pilot.vision["ts"]))
    slack.wait_idle()
    return [c.status for c in roster_edits(fake, pilot.channel)]


def test_slack_rate_limiting_a_roster_edit_is_retried(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot, clock: Clock
) -> None:
    """The outbox tries again after Slack's Retry-After, and never sooner than a second."""
    fake_slack.fail_next("chat.update", "ratelimited", retry_after=0)
    assert dave_opts_in(slack, fake_slack, pilot) == [429]
    clock.advance(timedelta(seconds=1))
    slack.deliver_due()

    wait_for_edits(fake_slack, pilot.channel, 2)
    assert [c.status for c in roster_edits(fake_slack, pilot.channel)] == [429, 200]
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_a_roster_edit_that_met_slacks_own_trouble_is_repaired(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot, clock: Clock
) -> None:
    """One 500 from Slack must not leave the roster stale: the outbox tries again."""
    fake_slack.fail_next("chat.update", "internal_error", status=500)
    assert dave_opts_in(slack, fake_slack, pilot) == [500]
    clock.advance(timedelta(milliseconds=999))
    slack.deliver_due()
    assert len(roster_edits(fake_slack, pilot.channel)) == 1, "tried again within a second"
    clock.advance(timedelta(milliseconds=1))
    slack.deliver_due()

    wait_for_edits(fake_slack, pilot.channel, 2)
    assert [c.status for c in roster_edits(fake_slack, pilot.channel)] == [500, 200]
    assert_roster_matches(fake_slack, db, pilot.channel)


def test_a_roster_edit_slack_refuses_for_good_is_not_tried_again(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot, clock: Clock
) -> None:
    """An error no retry cures (the message is gone) is given up, not retried for a day."""
    fake_slack.fail_next("chat.update", "message_not_found")
    assert dave_opts_in(slack, fake_slack, pilot) == [200]
    clock.advance(timedelta(hours=1))
    slack.deliver_due()

    assert [c.status for c in roster_edits(fake_slack, pilot.channel)] == [200]
    assert [c.response["error"] for c in roster_edits(fake_slack, pilot.channel)] == [
        "message_not_found"
    ]


@pytest.mark.parametrize(
    ("failures", "said"),
    [
        (["invalid_name_specials"], "characters Slack doesn't allow"),
        (["invalid_name_maxlength"], "too long for Slack"),
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
        fake_slack.fail_next("conversations.create", code)

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
