"""F4 around the decision: what Home and the list show, a new sponsor, long notes, refused
notes, stale edit modals."""

from __future__ import annotations

import copy

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.pilot_flows import (
    APPROVE,
    CHANGES,
    DECLINE,
    decide,
    decisions,
    dm_channel,
    edit_while_proposed,
    last_words,
    open_by_button,
    press,
    proposal_values,
    proposer_dm,
    request_dm,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons
from tests.support.team_steps import DAVE

pytestmark = pytest.mark.usefixtures("proposed")


def test_home_and_the_stand_list_show_the_pilot_where_it_stands(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    home = fake_slack.home_view(ALICE)
    assert home is not None
    assert "Pilot: waiting for the sponsor's decision (sponsor <@U0BOB00001>)" in str(home)

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)

    assert "Pilot: approved (sponsor <@U0BOB00001>)" in str(fake_slack.home_view(ALICE))
    listed = slack.command("list", user=ALICE).json()
    assert "Pilot: approved" in str(listed["blocks"])


def test_a_new_sponsor_gets_the_request_and_the_old_ones_goes_stale(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    bobs = copy.deepcopy(request_dm(fake_slack, BOB))  # as Bob still sees it, buttons and all
    edit = open_by_button(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )
    assert submit(slack, edit, proposal_values(edit, sponsor=DAVE), user=ALICE) == {}

    assert [d.decider_id for d in decisions(db)] == [BOB, DAVE]
    assert buttons(request_dm(fake_slack, BOB)) == {}
    assert list(buttons(request_dm(fake_slack, DAVE))) == [APPROVE, CHANGES, DECLINE]
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=bobs)
    assert "This changed after you were asked" in last_words(fake_slack, BOB)
    assert the_pilot(db).state == "proposed"
    decide(slack, fake_slack, sponsor=DAVE, action_id=APPROVE)
    assert the_pilot(db).state == "approved"


def test_a_long_note_full_of_escapes_still_fits_every_message(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    """Escaping can make a 2,000-character note five times longer: it is split, never refused."""
    note = "<&>\n" * 500

    assert decide(slack, fake_slack, sponsor=BOB, action_id=DECLINE, note=note.strip()) == {}

    assert the_pilot(db).state == "declined"
    assert "*Declined* by <@U0BOB00001>" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    assert "You declined* this" in str(request_dm(fake_slack, BOB)["blocks"])
    assert buttons(request_dm(fake_slack, BOB)) == {}


def test_a_refused_note_keeps_the_modal_open_with_the_note(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    """Bob opens "Request changes", Alice edits meanwhile: his note is not thrown away."""
    request = request_dm(fake_slack, BOB)
    opened = len(fake_slack.calls_to("views.open"))
    press(slack, fake_slack, request, CHANGES, user=BOB, channel=fake_slack.workspace.dm_ids[BOB])
    note_view = dict(fake_slack.wait_for("views.open", count=opened + 1)[-1].args["view"])
    edit_while_proposed(slack, fake_slack, proposer=ALICE, sponsor=BOB)

    values = {"note": {"note": {"type": "plain_text_input", "value": "Smaller scope."}}}
    ack = submit(slack, note_view, values, user=BOB)

    assert ack["response_action"] == "errors"
    assert "This changed after you were asked" in ack["errors"]["note"]
    assert [d.verdict for d in decisions(db)] == [None, None]
    assert the_pilot(db).state == "proposed"


def test_saving_an_edit_opened_before_another_was_saved_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    mine = proposer_dm(fake_slack, ALICE)
    first = open_by_button(
        slack, fake_slack, mine, user=ALICE, channel=dm_channel(fake_slack, ALICE)
    )
    second = open_by_button(
        slack, fake_slack, mine, user=ALICE, channel=dm_channel(fake_slack, ALICE)
    )
    assert (
        submit(slack, first, proposal_values(first, scope="First.", sponsor=BOB), user=ALICE) == {}
    )

    ack = submit(slack, second, proposal_values(second, scope="Second.", sponsor=BOB), user=ALICE)

    assert "Another version of this proposal was saved" in ack["errors"]["concept"]
    assert (the_pilot(db).scope, the_pilot(db).version) == ("First.", 2)


def test_the_home_button_follows_the_pilot(slack: SlackSender, fake_slack: FakeSlack) -> None:
    def label() -> str | None:
        home = fake_slack.home_view(ALICE)
        assert home is not None
        button = buttons(home).get("open_pilot_proposal")
        return None if button is None else str(button["text"]["text"])

    assert label() == "Edit the pilot proposal"
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)
    assert label() is None  # approved: nothing to propose or edit
