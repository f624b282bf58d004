"""F4 in the pilot channel: proposing from it, its header kept current, short news posts."""

from __future__ import annotations

from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.pilot_flows import (
    decide,
    open_by_button,
    open_by_command,
    proposal_values,
    submit,
    the_pilot,
)
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons, finish, form_values, open_team_modal
from tests.support.team_steps import DAVE, Pilot


def header(fake: FakeSlack, channel: str) -> dict[str, object]:
    [found] = [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == "pilot_header"
    ]
    return found


def test_the_vision_post_offers_the_lead_a_pilot_and_the_modal_knows_the_channel(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    view = open_by_button(slack, fake_slack, pilot.vision, user=ALICE, channel=pilot.channel)

    assert "shielded" not in {b.get("block_id") for b in view["blocks"]}
    assert f"<#{pilot.channel}> is public" in str(view["blocks"])
    assert submit(slack, view, proposal_values(view, sponsor=DAVE), user=ALICE) == {}
    assert the_pilot(db).stand_id == pilot.stand_id
    assert the_pilot(db).shielded is False


def test_someone_else_pressing_propose_on_the_vision_post_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, pilot: Pilot
) -> None:
    opened = len(fake_slack.calls_to("views.open"))
    response = slack.block_action(
        buttons(pilot.vision)["open_pilot_proposal"],
        user=BOB,
        message=pilot.vision,
        channel=pilot.channel,
    )
    assert response.status_code == 200
    slack.wait_idle()

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Only the stand's lead can propose its pilot." in fake_slack.told(BOB)[-1]["text"]


def test_a_header_is_posted_pinned_and_kept_current_after_each_decision(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, pilot: Pilot
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE, channel=pilot.channel)
    [picker] = [b for b in view["blocks"] if b.get("block_id") == "stand"]
    assert picker["element"]["initial_option"]["value"] == str(pilot.stand_id)
    draft = proposal_values(view, sponsor=DAVE, send=False)
    assert submit(slack, view, draft, user=ALICE) == {}
    assert not [m for m in fake_slack.messages(pilot.channel) if "The pilot" in str(m["blocks"])], (
        "a draft stays the proposer's own"
    )

    edit = open_by_command(slack, fake_slack, user=ALICE, channel=pilot.channel)
    assert submit(slack, edit, proposal_values(edit, sponsor=DAVE), user=ALICE) == {}

    first = header(fake_slack, pilot.channel)
    assert the_pilot(db).header_ts == first["ts"]
    assert "waiting for <@U0DAVE0001>'s decision" in str(first["blocks"])
    pins = [c for c in fake_slack.calls_to("pins.add") if c.args["timestamp"] == first["ts"]]
    assert len(pins) == 1
    assert any(
        "proposed the pilot to <@U0DAVE0001>" in m["text"]
        for m in fake_slack.messages(pilot.channel)
    )

    decide(slack, fake_slack, sponsor=DAVE, action_id="decide_approve")

    after = header(fake_slack, pilot.channel)
    assert after["ts"] == first["ts"]
    assert "*Approved* by <@U0DAVE0001>" in str(after["blocks"])
    assert fake_slack.messages(pilot.channel)[-1]["text"].startswith(
        "<@U0DAVE0001> approved the pilot proposal"
    )


def test_a_pilot_proposed_before_the_team_gets_its_header_when_the_team_forms(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int
) -> None:
    view = open_by_command(slack, fake_slack, user=ALICE)
    values = proposal_values(view, sponsor=DAVE, shielded=True)
    assert submit(slack, view, values, user=ALICE) == {}
    assert the_pilot(db).shielded is True

    team_modal = open_team_modal(slack, fake_slack, author=ALICE)
    [shield] = [b for b in team_modal["blocks"] if b.get("block_id") == "shielded"]
    assert [o["value"] for o in shield["element"]["initial_options"]] == ["private"]
    channel, _ = finish(
        slack, fake_slack, team_modal, form_values(team_modal, private=True), author=ALICE
    )
    assert channel is not None
    slack.wait_idle()

    assert "waiting for <@U0DAVE0001>'s decision" in str(header(fake_slack, channel)["blocks"])
    assert the_pilot(db).header_channel_id == channel
