"""What Bolt reads of any payload to route it and fill a listener's context, before any
middleware of ours runs: each part the shape Slack sends, or Bolt fails on it."""

from __future__ import annotations

from typing import Any

from pydantic import StrictStr, field_validator
from slack_bolt import BoltContext
from slack_bolt.request.internals import build_context

from slack_app.slack.payloads.shapes import Shape, Text


class Ref(Shape):
    """A team, org, person or channel, where Slack sends an object for one."""

    id: Text = None
    team_id: Text = None
    enterprise_id: Text = None


Named_or_Id = StrictStr | Ref | None


def _given_as_object(value: object) -> object:
    """Bolt reads these with ``.get(key, {})``: present, they must be objects."""
    if not isinstance(value, dict):
        raise ValueError("Slack sends an object here")
    return value


class ViewRef(Shape):
    id: Text = None
    type: Text = None
    callback_id: Text = None
    team_id: Text = None
    app_installed_team_id: Text = None


def _given_as_string(value: object) -> object:
    """Bolt routes on these once they are present (``"callback_id" in body``): a string."""
    if not isinstance(value, str):
        raise ValueError("Slack sends a string here")
    return value


class EventRef(Shape):
    type: StrictStr
    subtype: Text = None
    user: Named_or_Id = None
    channel: Named_or_Id = None
    team: Text = None
    user_team: Text = None
    thread_ts: Text = None
    item: dict[str, Any] | None = None
    message: dict[str, Any] | None = None
    previous_message: dict[str, Any] | None = None
    tokens: dict[str, Any] | None = None
    function: dict[str, Any] | None = None

    _objects = field_validator("tokens", "function", mode="before")(_given_as_object)


class Envelope(Shape):
    """What Bolt reads of any payload to route it (and to fill a listener's context)."""

    type: Text = None
    command: Text = None
    callback_id: Text = None
    action_id: Text = None
    team_id: Text = None
    enterprise_id: Text = None
    user_id: Text = None
    channel_id: Text = None
    thread_ts: Text = None
    response_url: Text = None
    team: Named_or_Id = None
    enterprise: Named_or_Id = None
    user: Named_or_Id = None
    channel: Named_or_Id = None
    authorizations: list[Ref] | None = None
    actions: list[dict[str, Any]] | None = None
    view: ViewRef | None = None
    event: EventRef | None = None
    message: dict[str, Any] | None = None
    previous_message: dict[str, Any] | None = None

    _objects = field_validator("event", "view", mode="before")(_given_as_object)
    _strings = field_validator("type", "command", "callback_id", "action_id", mode="before")(
        _given_as_string
    )


def bolt_reads(body: dict[str, Any]) -> bool:
    """Whether Bolt can read the request's context out of it, as Bolt does, the moment it
    builds the request (before any middleware of ours could refuse it)."""
    try:
        build_context(BoltContext(), body)
    except (TypeError, AttributeError, KeyError, IndexError, ValueError):
        return False
    return True
