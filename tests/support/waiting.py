"""Waiting for work the app does after it has acked."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(probe: Callable[[], T], *, timeout: float = 5.0, every: float = 0.02) -> T:
    """``probe()``'s first truthy answer, asked ``every`` so many seconds; AssertionError
    when none comes within ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing came within {timeout}s (last answer: {value!r})")
        time.sleep(every)
