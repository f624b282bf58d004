"""The audit trail: every change of state of something decided, with who, when and why.

A pilot's life (and, with the structure, each approval and funding source) is kept as a
list of entries in the order they happened, so that anyone can read back how it got here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

APP = "app"  # the actor when the clock moves something (a pilot starting on its date)


@dataclass(frozen=True, slots=True)
class Entry:
    subject: str  # "pilot", "approval", "funding"
    subject_id: int
    actor_id: str
    action: str  # a Move, or "edit", "remind"
    before: str
    after: str
    at: datetime
    note: str | None = None
    version: int | None = None
