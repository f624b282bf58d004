"""Filling in the declaration modal the way Slack reports what a person entered."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.fakeslack import FakeSlack
from tests.support.clock import days_from_epoch
from tests.support.signed import SlackSender

# A stand's by-when: four months after the epoch, in the future everywhere on Earth.
BY_WHEN = days_from_epoch(126)


def open_declare_modal(slack: SlackSender, fake: FakeSlack, *, user: str) -> dict[str, Any]:
    """Type `/stand` and return the modal the app opened (with the id Slack gave it)."""
    before = len(fake.calls_to("views.open"))
    response = slack.command("", user=user)
    assert response.status_code == 200
    call = fake.wait_for("views.open", count=before + 1)[-1]
    view: dict[str, Any] = dict(call.args["view"])
    view["id"] = call.response["view"]["id"]
    return view


def stand_values(
    *,
    source: str | None = "inspiration",
    situation: str | None = "Releases take three weeks of manual testing.",
    not_going: str | None = "It's not going to go on taking three weeks.",
    going: str | None = "It's going to go out every day, tested by machines.",
    by_when: date | None = BY_WHEN,
    first_follower: str | None = None,
    channel: str | None = None,
) -> dict[str, dict[str, Any]]:
    """``view.state.values`` for a declaration, as Slack sends it (None = left empty)."""

    def text(block: str, value: str | None) -> dict[str, Any]:
        return {block: {block: {"type": "plain_text_input", "value": value}}}

    option = (
        None
        if source is None
        else {"text": {"type": "plain_text", "text": source.title()}, "value": source}
    )
    return {
        "source": {"source": {"type": "radio_buttons", "selected_option": option}},
        **text("situation", situation),
        **text("not_going", not_going),
        **text("going", going),
        "by_when": {
            "by_when": {
                "type": "datepicker",
                "selected_date": None if by_when is None else by_when.isoformat(),
            }
        },
        "first_follower": {
            "first_follower": {"type": "users_select", "selected_user": first_follower}
        },
        "channel": {"channel": {"type": "conversations_select", "selected_conversation": channel}},
    }
