"""The app's one reading of the process clock. Everything else is handed ``now`` (a
function or an instant), so tests and `slack-app tick --at` can say what time it is."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
