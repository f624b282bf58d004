"""F4, the sponsor's decision: approve, ask for changes, decline; every refusal; the trail."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock, in_words
from tests.support.pilot_flows import (
    APPROVE,
    CHANGES,
    DECLINE,
    audit,
    decide,
    decisions,
    dm_channel,
    edit_while_proposed,
    last_words,
    open_by_button,
    press,
    proposal_values,
    propose,
    proposer_dm,
    request_dm,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons
from tests.support.team_steps import DAVE

pytestmark = pytest.mark.usefixtures("proposed")


def test_the_sponsor_approves(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)

    assert the_pilot(db).state == "approved"
    [decision] = decisions(db)
    assert (decision.verdict, decision.note, decision.decided_at is not None) == (
        "approve",
        None,
        True,
    )
    request = request_dm(fake_slack, BOB)
    assert buttons(request) == {}
    assert f"You approved* this on {in_words(clock.today())}." in str(request["blocks"])
    assert "*Approved* by <@U0BOB00001>" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    assert list(buttons(proposer_dm(fake_slack, ALICE))) == ["start_pilot", "open_pilot_trail"]
    assert "<@U0BOB00001> approved* this" in last_words(fake_slack, ALICE)
    assert audit(db)[-1] == (BOB, "approve", "proposed", "approved", None)


@pytest.mark.parametrize(
    ("action_id", "state", "verdict"),
    [(CHANGES, "changes_requested", "request_changes"), (DECLINE, "declined", "decline")],
)
def test_asking_for_changes_or_declining_takes_a_note_the_proposer_reads(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    action_id: str,
    state: str,
    verdict: str,
) -> None:
    note = "Say which customers count, & how you'll measure <repeat> buying."

    assert decide(slack, fake_slack, sponsor=BOB, action_id=action_id, note=note) == {}

    assert the_pilot(db).state == state
    [decision] = decisions(db)
    assert (decision.verdict, decision.note) == (verdict, note)
    told = fake_slack.told(ALICE)[-1]
    assert "&amp; how you'll measure &lt;repeat&gt; buying" in told["text"]
    assert "&lt;repeat&gt;" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    assert audit(db)[-1] == (BOB, verdict, "proposed", state, note)
    assert buttons(request_dm(fake_slack, BOB)) == {}


@pytest.mark.parametrize("action_id", [CHANGES, DECLINE])
def test_a_blank_note_keeps_the_modal_open_and_decides_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, action_id: str
) -> None:
    ack = decide(slack, fake_slack, sponsor=BOB, action_id=action_id, note="   ")

    assert ack["response_action"] == "errors"
    assert "a note is required" in ack["errors"]["note"]
    assert the_pilot(db).state == "proposed"
    assert decisions(db)[0].verdict is None
    assert list(buttons(request_dm(fake_slack, BOB))) == [APPROVE, CHANGES, DECLINE]


def test_a_declined_stand_can_propose_a_new_pilot(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id=DECLINE, note="Not this quarter.")

    assert propose(slack, fake_slack, user=ALICE, sponsor=DAVE) == {}

    assert [d.decider_id for d in decisions(db)] == [BOB, DAVE]


def test_changes_requested_then_edited_resubmitted_and_approved(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id=CHANGES, note="Name the queue.")
    mine = proposer_dm(fake_slack, ALICE)
    assert "open_pilot_proposal" in buttons(mine)
    assert "Name the queue." in str(mine["blocks"])

    edit = open_by_button(
        slack, fake_slack, mine, user=ALICE, channel=dm_channel(fake_slack, ALICE)
    )
    values = proposal_values(edit, scope="The EMEA queue #4, for one quarter.", sponsor=BOB)
    assert submit(slack, edit, values, user=ALICE) == {}

    assert (the_pilot(db).state, the_pilot(db).version) == ("proposed", 2)
    first, second = decisions(db)
    assert (first.version, first.verdict, second.version, second.verdict) == (
        1,
        "request_changes",
        2,
        None,
    )
    request = request_dm(fake_slack, BOB)
    assert request["ts"] == second.dm_ts
    assert "The EMEA queue #4" in str(request["blocks"])
    assert "I sent the new version of your pilot proposal" in last_words(fake_slack, ALICE)

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)

    assert the_pilot(db).state == "approved"
    assert [entry[1:4] for entry in audit(db)] == [
        ("draft", "none", "draft"),
        ("submit", "draft", "proposed"),
        ("request_changes", "proposed", "changes_requested"),
        ("edit", "changes_requested", "changes_requested"),
        ("resubmit", "changes_requested", "proposed"),
        ("approve", "proposed", "approved"),
    ]


def test_a_stranger_pressing_approve_is_refused_and_nothing_changes(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    request = request_dm(fake_slack, BOB)
    updates = len(fake_slack.calls_to("chat.update"))

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, user=DAVE, message=request)

    assert "Only <@U0BOB00001> can decide this." in last_words(fake_slack, DAVE)
    assert the_pilot(db).state == "proposed"
    assert decisions(db)[0].verdict is None
    assert len(fake_slack.calls_to("chat.update")) == updates
    assert list(buttons(request_dm(fake_slack, BOB))) == [APPROVE, CHANGES, DECLINE]


def test_a_stranger_gets_no_note_modal_either(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    opened = len(fake_slack.calls_to("views.open"))

    press(
        slack,
        fake_slack,
        request_dm(fake_slack, BOB),
        DECLINE,
        user=DAVE,
        channel=fake_slack.workspace.dm_ids[BOB],
    )

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Only <@U0BOB00001> can decide this." in last_words(fake_slack, DAVE)
    assert the_pilot(db).state == "proposed"


def test_a_double_press_decides_once_and_says_so(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    pressed = copy.deepcopy(request_dm(fake_slack, BOB))  # the message as Bob still sees it
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=pressed)
    told = len(fake_slack.dm_messages(ALICE))

    decide(slack, fake_slack, sponsor=BOB, action_id=DECLINE, message=pressed)

    assert "This was already approved." in last_words(fake_slack, BOB)
    assert the_pilot(db).state == "approved"
    assert [d.verdict for d in decisions(db)] == ["approve"]
    assert len(fake_slack.dm_messages(ALICE)) == told
    assert buttons(request_dm(fake_slack, BOB)) == {}


def test_simultaneous_presses_decide_once(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    request = request_dm(fake_slack, BOB)
    button = buttons(request)[APPROVE]
    dm = fake_slack.workspace.dm_ids[BOB]

    def tap(_: int) -> int:
        return slack.block_action(button, user=BOB, message=request, channel=dm).status_code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tap, range(4))) == [200] * 4
    slack.wait_idle()

    assert [d.verdict for d in decisions(db)] == ["approve"]
    assert [entry[1] for entry in audit(db)].count("approve") == 1
    told = [m for m in fake_slack.dm_messages(ALICE) if "approved* this" in m["text"]]
    assert len(told) == 1


def test_a_decision_on_a_version_changed_since_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    old = copy.deepcopy(request_dm(fake_slack, BOB))

    edit_while_proposed(slack, fake_slack, proposer=ALICE, sponsor=BOB)

    first, second = decisions(db)
    assert (first.version, second.version, the_pilot(db).version) == (1, 2, 2)
    shown_old = next(m for m in fake_slack.dm_messages(BOB) if m["ts"] == old["ts"])
    assert buttons(shown_old) == {}
    assert "can no longer be decided" in str(shown_old["blocks"])
    assert first.remind_at is None  # no reminder about a version nobody can decide

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=old)

    assert "This changed after you were asked" in last_words(fake_slack, BOB)
    assert the_pilot(db).state == "proposed"
    assert [d.verdict for d in decisions(db)] == [None, None]
    latest = request_dm(fake_slack, BOB)
    assert latest["ts"] == second.dm_ts
    assert "Only Tuesdays." in str(latest["blocks"])

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=latest)
    assert the_pilot(db).state == "approved"


def test_withdrawing_a_proposal_retires_the_request(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    old = copy.deepcopy(request_dm(fake_slack, BOB))

    press(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        "withdraw_pilot",
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )

    assert the_pilot(db).state == "withdrawn"
    assert the_pilot(db).open_stand_id is None
    assert buttons(request_dm(fake_slack, BOB)) == {}
    assert list(buttons(proposer_dm(fake_slack, ALICE))) == ["open_pilot_trail"]
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=old)
    assert "it was withdrawn or closed" in last_words(fake_slack, BOB)
    assert the_pilot(db).state == "withdrawn"
    assert audit(db)[-1] == (ALICE, "withdraw", "proposed", "withdrawn", None)


def test_only_the_proposer_withdraws(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    press(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        "withdraw_pilot",
        user=DAVE,
        channel=dm_channel(fake_slack, ALICE),
    )

    assert "Only <@U0ALICE001>, who proposed this pilot" in last_words(fake_slack, DAVE)
    assert the_pilot(db).state == "proposed"


def test_an_illegal_move_is_refused_with_what_is_possible(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    """A withdraw button kept from before the approval (or forged) cannot withdraw it."""
    withdraw = copy.deepcopy(proposer_dm(fake_slack, ALICE))
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)

    press(
        slack,
        fake_slack,
        withdraw,
        "withdraw_pilot",
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )

    assert last_words(fake_slack, ALICE) == (
        ":no_entry: This pilot is approved, so you can't withdraw it. You can start it."
    )
    assert the_pilot(db).state == "approved"


def test_the_lead_starts_an_approved_pilot_by_hand(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)

    press(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        "start_pilot",
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )

    assert the_pilot(db).state == "running"
    assert "*Running* until" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    assert audit(db)[-1] == (ALICE, "start", "approved", "running", None)


def test_the_trail_reads_back_complete_and_in_order(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    decide(slack, fake_slack, sponsor=BOB, action_id=CHANGES, note="Smaller, please.")
    edit = open_by_button(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )
    submit(slack, edit, proposal_values(edit, scope="One team.", sponsor=BOB), user=ALICE)
    stale = copy.deepcopy(request_dm(fake_slack, BOB))
    edit_while_proposed(slack, fake_slack, proposer=ALICE, sponsor=BOB)
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, user=DAVE)  # refused
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=stale)  # refused
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE, message=stale)  # refused
    press(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        "start_pilot",
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )

    assert audit(db) == [
        (ALICE, "draft", "none", "draft", None),
        (ALICE, "submit", "draft", "proposed", None),
        (BOB, "request_changes", "proposed", "changes_requested", "Smaller, please."),
        (ALICE, "edit", "changes_requested", "changes_requested", None),
        (ALICE, "resubmit", "changes_requested", "proposed", None),
        (ALICE, "edit", "proposed", "proposed", None),
        (BOB, "approve", "proposed", "approved", None),
        (ALICE, "start", "approved", "running", None),
    ]
    opened = len(fake_slack.calls_to("views.open"))
    press(
        slack,
        fake_slack,
        proposer_dm(fake_slack, ALICE),
        "open_pilot_trail",
        user=ALICE,
        channel=dm_channel(fake_slack, ALICE),
    )
    history: dict[str, Any] = fake_slack.wait_for("views.open", count=opened + 1)[-1].args["view"]
    lines = [b["text"]["text"] for b in history["blocks"][1:]]
    assert len(lines) == 8
    assert "asked for changes" in lines[2]
    assert "Smaller, please." in lines[2]
    assert "approved it" in lines[6]
