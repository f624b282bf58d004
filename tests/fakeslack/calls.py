"""What a fake workspace records of the calls it answered, and the waiting on them that
tests do: the app works after its ack, so a test waits for the call it expects."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request the fake answered: decoded args (token removed) and Slack's answer."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    status: int
    at: float
    token: str | None = None  # the token the call was made with


class RecordedCalls:
    """The calls answered, and the protocol violations found, kept under ``_cond``."""

    _calls: list[Call]
    _violations: list[str]
    _cond: threading.Condition

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def count(self, method: str) -> int:
        return len(self.calls_to(method))

    def reset_calls(self) -> None:
        with self._cond:
            self._calls.clear()

    @property
    def violations(self) -> list[str]:
        with self._cond:
            return list(self._violations)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls to `method` were answered (the app works after acking)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self._calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    called = [f"{c.method}({c.response.get('error') or 'ok'})" for c in self._calls]
                    msg = (
                        f"timed out after {timeout}s waiting for {count} call(s) to {method}, "
                        f"got {len(found)}; methods called so far: {called or 'none'}"
                    )
                    if self._violations:
                        msg += f"; protocol violations: {self._violations}"
                    raise AssertionError(msg)
                self._cond.wait(remaining)
