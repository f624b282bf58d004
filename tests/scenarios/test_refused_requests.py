"""Requests that do not come from Slack are refused with 401 and change nothing."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from slack_app.store.database import Database
from slack_app.store.models import ProcessedEventRow, StandRow
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.clock import transport_time
from tests.support.signed import SlackSender, example, sign
from tests.support.stand_forms import stand_values


def nothing_stored(db: Database) -> bool:
    with db.across_workspaces() as session:
        stands = session.scalar(select(func.count()).select_from(StandRow))
        events = session.scalar(select(func.count()).select_from(ProcessedEventRow))
    return stands == 0 and events == 0


def submission_body(slack: SlackSender) -> bytes:
    payload = example("view_submission_checkin_modal.json")
    payload["view"]["callback_id"] = "declare_stand"
    payload["view"]["state"] = {"values": stand_values()}
    payload["user"]["id"] = ALICE
    return urlencode({"payload": json.dumps(payload)}).encode()


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "kind", ["no signature", "stale timestamp", "tampered body", "wrong secret"]
)
def test_unsigned_stale_or_tampered_requests_get_401_and_store_nothing(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, kind: str
) -> None:
    body = submission_body(slack)
    now = transport_time()  # Bolt checks the signature's time against the process clock
    if kind == "no signature":
        response = slack.post(body, FORM, signature="")
    elif kind == "stale timestamp":
        stale = now - 6 * 60
        response = slack.post(
            body, FORM, timestamp=stale, signature=sign(slack.secret, body, stale)
        )
    elif kind == "tampered body":
        signature = sign(slack.secret, body, now)
        response = slack.post(body.replace(b"Releases", b"Nothing"), FORM, signature=signature)
    else:
        response = slack.post(body, FORM, signature=sign("not-the-secret", body, now))

    assert response.status_code == 401
    assert nothing_stored(db)
    assert fake_slack.calls == []


def test_an_unsigned_event_is_refused_and_not_remembered(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    envelope = example("event_app_home_opened_home.json")
    response = slack.post(json.dumps(envelope).encode(), "application/json", signature="v0=00")

    assert response.status_code == 401
    assert nothing_stored(db)
    assert fake_slack.calls == []


def test_url_verification_answers_the_challenge(slack: SlackSender) -> None:
    challenge = example("events_api_url_verification.json")

    response = slack.post_json(challenge)

    assert response.status_code == 200
    assert response.json() == {"challenge": challenge["challenge"]}
