"""Events API deliveries kept from their ack until their work is committed.

Slack retries an event only when it is not acked in time; once acked, it is the app's.
So each delivery is stored, with its body, before its ack (in the one statement that also
recognises Slack's retries), and marked handled in the transaction of its work. One whose
work failed (a locked or unreachable database, a bug), or whose process died, is still
pending when ``REPLAY_AFTER`` has passed, and is replayed through the app's listeners, at
growing intervals, until it is handled or ``REPLAYS`` have failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class EventState(StrEnum):
    PENDING = "pending"  # acked, its work not yet committed
    HANDLED = "handled"
    GIVEN_UP = "given_up"  # its work failed every time it was replayed


# Far longer than any listener takes, even behind a burst: replaying a delivery whose
# listener is still running would only be applied once (the work is idempotent), but is
# wasted.
REPLAY_AFTER = timedelta(minutes=1)
LONGEST_WAIT = timedelta(minutes=30)
REPLAYS = 10  # 1, 2, 4 … minutes apart: about three hours in all


def next_replay(now: datetime, replays: int) -> datetime:
    """When a delivery replayed ``replays`` times is replayed again, if still pending."""
    return now + min(REPLAY_AFTER * (1 << min(replays, 20)), LONGEST_WAIT)
