"""Reading ids out of button values, which anyone can forge: refuse, never crash."""

from __future__ import annotations

from typing import Any

from slack_app.domain.errors import NotFound


def number(action: dict[str, Any]) -> int:
    """The id a button carries; a forged or stale value is refused with a clear message."""
    try:
        return int(action.get("value") or "")
    except ValueError:
        raise NotFound("That button no longer points at anything.") from None
