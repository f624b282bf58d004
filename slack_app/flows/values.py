"""Reading ids and metadata out of what Slack sends back (button values, a modal's
``private_metadata``), which anyone can forge: refuse in words, never crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_app.domain.errors import NotFound

MAX_ID = 2**31 - 1  # the database's integer: a larger number names nothing stored
STALE_BUTTON = "That button no longer points at anything."
STALE_FORM = "This form is out of date or was changed on its way. Please open it again."


def ident(raw: object, *, stale: str = STALE_BUTTON) -> int:
    """An id as the app wrote it (a positive integer the database can hold), or refused."""
    text = str(raw) if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise NotFound(stale)
    return int(text)


def optional_ident(raw: object, *, stale: str = STALE_BUTTON) -> int | None:
    return None if raw is None or raw == "" else ident(raw, stale=stale)


def number(action: dict[str, Any]) -> int:
    """The id a button carries; a forged or stale value is refused with a clear message."""
    return ident(action.get("value"))


def modal_of(body: dict[str, Any]) -> dict[str, Any]:
    """The modal a press came from: a press that names none (a forged one, on a message)
    is refused like a stale form."""
    view = body.get("view")
    if not isinstance(view, dict) or not view.get("id"):
        raise NotFound(STALE_FORM)
    return view


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's ``private_metadata``, as the app wrote it: a JSON object, or refused."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except (ValueError, TypeError):
        raise NotFound(STALE_FORM) from None
    if not isinstance(meta, dict):
        raise NotFound(STALE_FORM)
    return meta


@contextmanager
def as_written(stale: str = STALE_FORM) -> Iterator[None]:
    """Reading what the app wrote into a view or a value: anything else is refused."""
    try:
        yield
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotFound(stale) from None
