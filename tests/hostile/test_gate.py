"""The door of POST /slack/events: what is not signed is refused before anything parses it,
in one log line that holds nothing of the request, and nothing is stored or called."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.clock import transport_time
from tests.support.signed import SlackSender, sign

FORGED = "CRITICAL slack_app: forged"  # a line of its own, were the body logged

UNSIGNED_BODIES = [
    (b"{not json", "application/json"),
    (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    (b"[1, 2, 3]", "application/json"),
    (b"null", "application/json"),
    (b"command=%2Fstand&text=help", "application/json"),
    (f"token=x&text=a\n{FORGED}".encode(), "application/x-www-form-urlencoded"),
]


def nothing_happened(fake: FakeSlack, db: Database) -> None:
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM processed_events")).scalar()
    assert stored == 0


@pytest.mark.parametrize(("body", "content_type"), UNSIGNED_BODIES)
def test_an_unsigned_request_is_refused_before_it_is_parsed(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
) -> None:
    with caplog.at_level(logging.INFO):
        response = slack.post(body, content_type, signature="v0=" + "0" * 64)

    assert response.status_code == 401
    nothing_happened(fake_slack, db)
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "forged" not in logged
    assert "not json" not in logged
    assert "refused a request to /slack/events: a wrong or stale signature" in logged


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"X-Slack-Request-Timestamp": "soon"}, "no signature, or no timestamp"),
        ({"X-Slack-Request-Timestamp": ""}, "no signature, or no timestamp"),
        ({"X-Slack-Signature": ""}, "no signature, or no timestamp"),
        # what no parser could read: refused before one crashes on it
        ({"X-Slack-Request-Timestamp": "\u00b2"}, "no signature, or no timestamp"),
        ({"X-Slack-Request-Timestamp": "9" * 5000}, "no signature, or no timestamp"),
        ({"X-Slack-Signature": "v0=\u00e9"}, "no signature, or no timestamp"),
        ({"X-Slack-Signature": "v1=" + "0" * 64}, "no signature, or no timestamp"),
    ],
)
def test_a_request_without_a_usable_signature_or_timestamp_is_refused(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    headers: dict[str, str],
    why: str,
) -> None:
    encoded = {name: value.encode("latin-1") for name, value in headers.items()}
    response = slack.post(b"{not json", "application/json", headers=encoded)

    assert response.status_code == 401
    assert why in caplog.text
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    nothing_happened(fake_slack, db)


def test_a_stale_but_correctly_signed_request_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    body, stale = b'{"type": "url_verification", "challenge": "x"}', transport_time() - 600
    response = slack.post(body, "application/json", timestamp=stale, signature=None)

    assert response.status_code == 401
    nothing_happened(fake_slack, db)
    assert sign(slack.secret, body, stale).startswith("v0=")  # it was signed, only old


def test_a_body_that_is_not_text_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    response = slack.post(b"\xff\xfe\xfa not utf-8", "application/json")

    assert response.status_code == 400
    nothing_happened(fake_slack, db)
    assert "a body that is not UTF-8" in caplog.text


def test_a_body_too_large_is_refused_unread_and_unlogged(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    body = b"text=" + b"a" * (5 << 20)

    response = slack.post(body, "application/x-www-form-urlencoded")

    assert response.status_code == 413
    nothing_happened(fake_slack, db)
    assert len(caplog.text) < 1000


def test_json_nested_deeper_than_python_reads_is_refused(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    response = slack.post(b"[" * 100_000 + b"]" * 100_000, "application/json")

    assert response.status_code == 400
    assert "not a JSON object or a form" in caplog.text
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    nothing_happened(fake_slack, db)


def test_a_command_that_says_payload_is_answered(slack: SlackSender) -> None:
    """Bolt's reader takes a form holding the word for an interaction's and reads it empty."""
    response = slack.command("help payload", user=ALICE)

    assert response.status_code == 200
    assert "/stand list" in str(response.json())
