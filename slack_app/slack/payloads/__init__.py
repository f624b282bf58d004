"""The shapes of what Slack sends, as far as the app reads them: checked once, before any
listener runs, so that a listener can trust a string is a string and an object an object.

Only the parts the app reads are described, each as Slack sends it (a missing part is
allowed wherever Slack may leave it out); anything else in a payload is ignored. A payload
Slack would never send (signed, so from someone holding the signing secret, or a broken
client) is refused whole, with one line in the log that names the part in the app's words.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from slack_app.slack.payloads.envelope import Envelope, bolt_reads
from slack_app.slack.payloads.shapes import EVENTS, INTERACTIONS, Callback, Command, Shape

# A part's name from a payload goes into the log only when it is one of these words.
LOGGABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}|[0-9]{1,4}")


def malformed(body: dict[str, Any]) -> str | None:
    """Which part of the payload is not as Slack sends it (in words fit for the log), or
    None when the parts the app reads are all as Slack sends them."""
    place = _misshapen(body)
    if place is None:
        return None
    return ".".join(_loggable(part) for part in place) or "the payload"


def _misshapen(body: dict[str, Any]) -> tuple[object, ...] | None:
    place = _place(Envelope, body)
    if place is not None:
        return place
    if not bolt_reads(body):
        return ()
    if "command" in body:
        return _place(Command, body)
    kind = body.get("type")  # a string or None: the envelope is checked
    if kind in INTERACTIONS:
        return _place(INTERACTIONS[kind], body)
    if kind != "event_callback":
        return None  # not a payload a listener takes
    place = _place(Callback, body)
    if place is not None:
        return place
    shape = EVENTS.get(body["event"]["type"])
    place = None if shape is None else _place(shape, body["event"])
    return None if place is None else ("event", *place)


def _place(shape: type[Shape], data: dict[str, Any]) -> tuple[object, ...] | None:
    """Where ``data`` first differs from ``shape``, or None when it fits."""
    try:
        shape.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        return _in_payload(data, first["loc"], missing=first["type"] == "missing")
    return None


def _in_payload(
    data: object, loc: tuple[int | str, ...], *, missing: bool
) -> tuple[int | str, ...]:
    """The error's place, as far as it names parts of the payload (pydantic adds the name
    of a union's member after them), and the part left out when one is missing."""
    for depth, part in enumerate(loc):
        data = _part(data, part)
        if data is _ABSENT:
            return loc[: depth + 1] if missing else loc[:depth]
    return loc


_ABSENT = object()


def _part(data: object, part: int | str) -> object:
    if isinstance(data, dict):
        return data.get(part, _ABSENT)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return _ABSENT


def _loggable(part: object) -> str:
    text = str(part)
    return text if LOGGABLE.fullmatch(text) else "?"
