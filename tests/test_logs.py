"""No token or secret reaches a log line, however it is logged."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from slack_app.config import Settings
from slack_app.logs import configure_logging

TOKEN = "xoxb-1234-5678-abcdefghijkl"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PASSWORD = "pg-pass-word-42"


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    settings = Settings(
        slack_bot_token=TOKEN,  # type: ignore[arg-type]
        slack_signing_secret=SECRET,  # type: ignore[arg-type]
        database_url=f"postgresql://stand:{PASSWORD}@db/stand",
        _env_file=None,  # type: ignore[call-arg]
    )
    configure_logging("DEBUG", settings.secrets())
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
    logging.getLogger().removeHandler(handler)


def test_secrets_in_messages_arguments_and_tracebacks_are_redacted(logged: io.StringIO) -> None:
    log = logging.getLogger("slack_app.test")
    log.info("token %s and secret %s", TOKEN, SECRET)
    log.warning(f"connecting with {PASSWORD}")
    log.debug("a token Slack echoed back: xoxp-9999-8888-user and xapp-1-A1-2-abc")
    try:
        raise RuntimeError(f"failed with {TOKEN}")
    except RuntimeError:
        log.exception("boom")

    output = logged.getvalue()
    for secret in (TOKEN, SECRET, PASSWORD, "xoxp-9999", "xapp-1-A1"):
        assert secret not in output
    assert output.count("[redacted]") == 6
    assert "RuntimeError: failed with [redacted]" in output
