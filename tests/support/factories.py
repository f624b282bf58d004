"""Small factories for test data."""

from __future__ import annotations

from typing import Any

from slack_app.domain.stands import Source, StandDraft
from tests.support.clock import days_from_epoch

# Comfortably after "today" anywhere on Earth, at the epoch and for weeks after it.
BY_WHEN = days_from_epoch(67)


def a_draft(**changes: Any) -> StandDraft:
    """A declaration that meets every rule, with ``changes`` applied."""
    values: dict[str, Any] = {
        "source": Source.INSPIRATION,
        "situation": "Releases take three weeks of manual testing.",
        "not_going": "It's not going to go on taking three weeks.",
        "going": "It's going to go out every day.",
        "by_when": BY_WHEN,
        "first_follower_id": None,
        "channel_id": None,
    }
    values.update(changes)
    return StandDraft(**values)
