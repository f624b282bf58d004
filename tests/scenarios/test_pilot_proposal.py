"""F4, the proposal: the modal, its rules, drafts, edits and sending it to a sponsor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, CAROL, ROBOT
from tests.fakeslack import FakeSlack
from tests.support.clock import EPOCH, Clock, local_date
from tests.support.follower_flows import declare
from tests.support.pilot_flows import (
    CONCEPT,
    END,
    START,
    audit,
    decisions,
    open_by_button,
    open_by_command,
    pilots,
    press,
    proposal_values,
    proposer_dm,
    request_dm,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons

DAVE = "U0DAVE0001"
# Alice proposes from Berlin: the pilot's start is judged on her calendar there.
ALICES_YESTERDAY = local_date(EPOCH, "Europe/Berlin") - timedelta(days=1)


@pytest.fixture(autouse=True)
def stand(slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.add_user(DAVE, name="dave", real_name="Dave Diaz", tz="Europe/London")
    declare(slack, fake_slack, user=ALICE)


def test_the_modal_asks_for_every_part_of_a_proposal(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)

    ids = [block.get("block_id") for block in view["blocks"] if block["type"] == "input"]
    assert ids == [
        "stand",
        "concept",
        "scope",
        "start",
        "end",
        "learning",
        "resources",
        "sponsor",
        "shielded",
        "send",
    ]
    types = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert (types["start"], types["end"], types["sponsor"]) == (
        "datepicker",
        "datepicker",
        "users_select",
    )
    assert view["callback_id"] == "propose_pilot"


def test_sending_stores_the_proposal_and_asks_the_sponsor(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    assert submit(slack, view, proposal_values(view, sponsor=BOB), user=ALICE) == {}

    pilot = the_pilot(db)
    assert (pilot.state, pilot.version, pilot.sponsor_id, pilot.proposer_id) == (
        "proposed",
        1,
        BOB,
        ALICE,
    )
    assert (pilot.concept, pilot.starts_on, pilot.ends_on) == (CONCEPT, START, END)
    request = request_dm(fake_slack, BOB)
    assert CONCEPT in str(request["blocks"])
    assert list(buttons(request)) == ["decide_approve", "decide_request_changes", "decide_decline"]
    [decision] = decisions(db)
    assert (decision.decider_id, decision.version, decision.verdict) == (BOB, 1, None)
    assert (decision.dm_ts, decision.dm_channel_id) == (
        request["ts"],
        fake_slack.workspace.dm_ids[BOB],
    )
    mine = proposer_dm(fake_slack, ALICE)
    assert "waiting for <@U0BOB00001>'s decision" in str(mine["blocks"])
    assert any(
        "I sent your pilot proposal to <@U0BOB00001>" in m["text"]
        for m in fake_slack.dm_messages(ALICE)
    )
    assert audit(db) == [
        (ALICE, "draft", "none", "draft", None),
        (ALICE, "submit", "draft", "proposed", None),
    ]


def _nothing_stored(db: Database, fake: FakeSlack) -> None:
    assert pilots(db) == []
    assert decisions(db) == []
    assert audit(db) == []
    assert [m for m in fake.dm_messages(BOB) if "buy-in" in m["text"]] == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"concept": ""}, "concept", "Say which concept the pilot tests."),
        ({"concept": "   "}, "concept", "Say which concept the pilot tests."),
        ({"scope": None}, "scope", "Say what is in the pilot's scope."),
        ({"learning": ""}, "learning", "how you'll know it worked"),
        ({"start": None}, "start", "Pick the day the pilot starts."),
        ({"start": ALICES_YESTERDAY}, "start", "The start can't be in the past."),
        ({"end": None}, "end", "Pick the day the pilot ends."),
        ({"end": START}, "end", "The end must come after the start."),
        ({"end": START - timedelta(days=1)}, "end", "The end must come after the start."),
        ({"sponsor": None}, "sponsor", "Name the sponsor"),
        ({"sponsor": ALICE}, "sponsor", "The sponsor is someone else"),
        ({"sponsor": ROBOT}, "sponsor", "A bot cannot sponsor a pilot"),
        ({"sponsor": CAROL}, "sponsor", "deactivated"),
        ({"sponsor": "U0NOBODY01"}, "sponsor", "I can't find that person"),
        ({"scope": "x" * 1001}, "scope", "Keep this to 1000 characters (it is 1001)."),
        ({"resources": "y" * 1001}, "resources", "Keep this to 1000 characters"),
    ],
)
def test_each_rule_is_shown_inline_and_nothing_is_stored(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    values = proposal_values(view, **{"sponsor": BOB, **changes})  # type: ignore[arg-type]

    ack = submit(slack, view, values, user=ALICE)

    assert ack["response_action"] == "errors"
    assert list(ack["errors"]) == [field]
    assert message in ack["errors"][field]
    _nothing_stored(db, fake_slack)


def test_the_start_date_is_judged_on_the_proposers_calendar(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    """Today in Berlin, Alice's zone, is fine (whatever the date in UTC); yesterday there is
    not (see the rules above)."""
    view = open_by_command(slack, fake_slack, user=ALICE)
    today = clock.today("Europe/Berlin")

    assert submit(slack, view, proposal_values(view, sponsor=BOB, start=today), user=ALICE) == {}
    assert the_pilot(db).starts_on == today


def test_a_draft_keeps_what_is_there_and_goes_to_nobody(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    values = proposal_values(view, sponsor=None, scope="", start=None, send=False)

    assert submit(slack, view, values, user=ALICE) == {}

    pilot = the_pilot(db)
    assert (pilot.state, pilot.scope, pilot.starts_on, pilot.sponsor_id) == (
        "draft",
        "",
        None,
        None,
    )
    assert decisions(db) == []
    mine = proposer_dm(fake_slack, ALICE)
    assert list(buttons(mine)) == [
        "send_pilot",
        "open_pilot_proposal",
        "withdraw_pilot",
        "open_pilot_trail",
    ]
    assert [m for m in fake_slack.dm_messages(BOB) if "buy-in" in m["text"]] == []


def test_a_draft_still_needs_a_concept_and_sane_dates(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    values = proposal_values(view, concept="", end=START, sponsor=ALICE, send=False)

    ack = submit(slack, view, values, user=ALICE)

    assert set(ack["errors"]) == {"concept", "end", "sponsor"}
    assert pilots(db) == []


def test_a_draft_is_edited_then_sent_from_the_dm(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    submit(slack, view, proposal_values(view, sponsor=None, send=False), user=ALICE)
    dm = fake_slack.workspace.dm_ids[ALICE]

    edit = open_by_button(slack, fake_slack, proposer_dm(fake_slack, ALICE), user=ALICE, channel=dm)
    assert edit["title"]["text"] == "Edit the proposal"
    concept = next(b for b in edit["blocks"] if b.get("block_id") == "concept")
    assert concept["element"]["initial_value"] == CONCEPT
    assert "stand" not in {b.get("block_id") for b in edit["blocks"]}
    values = proposal_values(edit, concept="A sharper concept.", sponsor=BOB, send=False)
    assert submit(slack, edit, values, user=ALICE) == {}
    assert (the_pilot(db).concept, the_pilot(db).version, the_pilot(db).state) == (
        "A sharper concept.",
        2,
        "draft",
    )
    assert "A sharper concept." in str(proposer_dm(fake_slack, ALICE)["blocks"])

    press(slack, fake_slack, proposer_dm(fake_slack, ALICE), "send_pilot", user=ALICE, channel=dm)

    assert the_pilot(db).state == "proposed"
    assert "A sharper concept." in str(request_dm(fake_slack, BOB)["blocks"])
    assert [row.version for row in decisions(db)] == [2]
    assert [entry[1] for entry in audit(db)] == ["draft", "edit", "submit"]


def test_sending_an_unfinished_draft_says_what_is_missing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    submit(slack, view, proposal_values(view, sponsor=None, start=None, send=False), user=ALICE)
    dm = fake_slack.workspace.dm_ids[ALICE]

    press(slack, fake_slack, proposer_dm(fake_slack, ALICE), "send_pilot", user=ALICE, channel=dm)

    told = fake_slack.told(ALICE)[-1]["text"]
    assert "isn't ready to send" in told
    assert "Pick the day the pilot starts." in told
    assert "Name the sponsor" in told
    assert the_pilot(db).state == "draft"
    assert decisions(db) == []


def test_a_stand_has_one_open_pilot(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    first = open_by_command(slack, fake_slack, user=ALICE)
    second = open_by_command(slack, fake_slack, user=ALICE)  # opened before the first is saved
    submit(slack, first, proposal_values(first, sponsor=BOB), user=ALICE)

    ack = submit(slack, second, proposal_values(second, sponsor=DAVE), user=ALICE)

    assert "already has a pilot proposal" in ack["errors"]["stand"]
    assert len(pilots(db)) == 1
    assert [d.decider_id for d in decisions(db)] == [BOB]
    again = open_by_command(slack, fake_slack, user=ALICE)
    assert again["title"]["text"] == "Edit the proposal"


def test_someone_else_cannot_propose_or_edit_the_pilot(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    submit(slack, view, proposal_values(view, sponsor=BOB), user=ALICE)

    forged = submit(slack, view, proposal_values(view, sponsor=DAVE), user=DAVE)

    assert "Only the stand's lead" in forged["errors"]["stand"]
    edit = open_by_command(slack, fake_slack, user=ALICE)
    stolen = submit(slack, edit, proposal_values(edit, concept="Mine now", sponsor=DAVE), user=DAVE)
    assert "Only the stand's lead can propose its pilot." in stolen["errors"]["concept"]
    assert (the_pilot(db).concept, the_pilot(db).version) == (CONCEPT, 1)


def test_bobs_pilot_command_without_a_stand_says_take_one_first(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    opened = len(fake_slack.calls_to("views.open"))
    assert slack.command("pilot", user=BOB).status_code == 200
    slack.wait_idle()

    assert "Take a stand first" in fake_slack.told(BOB)[-1]["text"]
    assert len(fake_slack.calls_to("views.open")) == opened


def test_the_home_tab_and_the_stand_dm_offer_to_propose_a_pilot(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    home = fake_slack.home_view(ALICE)
    assert home is not None
    assert "open_pilot_proposal" in buttons(home)
    stand_dm = next(m for m in fake_slack.dm_messages(ALICE) if "open_pilot_proposal" in buttons(m))
    view = open_by_button(
        slack, fake_slack, stand_dm, user=ALICE, channel=fake_slack.workspace.dm_ids[ALICE]
    )
    assert view["title"]["text"] == "Propose a pilot"

    from_home = slack.block_action(buttons(home)["open_pilot_proposal"], user=ALICE)
    assert from_home.status_code == 200
    slack.wait_idle()
    assert fake_slack.calls_to("views.open")[-1].args["view"]["callback_id"] == "propose_pilot"
