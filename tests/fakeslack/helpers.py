"""Constants and helpers for the fake's own tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from slack_sdk.errors import SlackApiError

TOKEN = "xoxb-test-token"
ALICE, BOB, GONE, ROBOT = "U0ALICE001", "U0BOB00001", "U0GONE0001", "U0ROBOT001"
GENERAL, RANDOM, SECRET, OLD = "C0GENERAL1", "C0RANDOM01", "C0SECRET01", "C0OLD00001"


def error_of(call: Callable[[], object]) -> str:
    """The Slack error code a client call raised."""
    with pytest.raises(SlackApiError) as info:
        call()
    return str(info.value.response["error"])


def section(text: str, block_id: str | None = None) -> dict[str, object]:
    block: dict[str, object] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def modal(title: str = "Check in", **extra: object) -> dict[str, object]:
    return {
        "type": "modal",
        "callback_id": "checkin",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "yesterday",
                "label": {"type": "plain_text", "text": "Yesterday"},
                "element": {"type": "plain_text_input", "action_id": "text", "max_length": 3000},
            }
        ],
        **extra,
    }
