"""Forged ids, metadata and text: refused (or cleaned) in words, never a traceback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import StandRow
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.scenarios.test_checkin_answers import answers, reply
from tests.support.checkin_flows import FIRST, checkin_posts, tick
from tests.support.hostile import called, no_traceback, stored_anything
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.structure_flows import Running

MESSAGE = {"type": "message", "ts": "1700000000.000100", "text": "a post"}


@pytest.mark.parametrize("value", ["99999999999999999999", "-3", "0", "1e3", "٣", ""])
def test_a_forged_id_in_a_button_is_refused_in_words(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    press = {"type": "button", "action_id": "open_pilot_trail", "value": value}

    response = slack.block_action(press, user=ALICE, message=MESSAGE, channel=GENERAL)
    slack.wait_idle()

    assert response.status_code == 200
    [refusal] = fake_slack.replies_to(ALICE)
    assert refusal["text"] == ":no_entry: That button no longer points at anything."
    assert called(fake_slack) == ["response_url"]
    assert stored_anything(db) == []
    no_traceback(caplog)


@pytest.mark.parametrize("metadata", ["[]", "null", "{not json", '{"decision": 1e99}', '"x"'])
def test_forged_metadata_in_a_modal_is_refused_on_the_form(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    metadata: str,
) -> None:
    view = {
        "type": "modal",
        "callback_id": "decision_note",
        "private_metadata": metadata,
        "blocks": [{"type": "input", "block_id": "note"}],
    }
    response = slack.view_submission(view, {"note": {"note": {"value": "ok"}}}, user=ALICE)
    slack.wait_idle()

    assert response.status_code == 200
    assert "This form is out of date" in response.json()["errors"]["note"]
    assert stored_anything(db) == []
    no_traceback(caplog)


def test_control_characters_are_removed_before_the_stand_is_checked_and_stored(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_declare_modal(slack, fake_slack, user=ALICE)
    values = stand_values(going="It's going\x00 to go out\x07 every day.\nTested.")

    assert slack.view_submission(view, values, user=ALICE).content == b""
    slack.wait_idle()

    with db.across_workspaces() as session:
        [stand] = session.scalars(select(StandRow)).all()
    assert stand.going == "It's going to go out every day.\nTested."


def test_control_characters_are_removed_from_a_checkin_answer_before_it_is_stored(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, started: Running
) -> None:
    assert tick(db, fake_slack, FIRST) == 1
    [post] = checkin_posts(fake_slack, started.channel)

    reply(slack, fake_slack, started, post, BOB, "Done\x00 on\x1b time.\nNext: the review.")

    assert answers(db) == [(BOB, "Done on time.\nNext: the review.", True)]
