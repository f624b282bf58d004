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


# A person's own words in a thread; other message subtypes (bots, joins, channel changes…)
# are not answers to anything.
PEOPLES_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def is_thread_reply(event: dict[str, object]) -> bool:
    """A person's reply in a thread (a check-in's, perhaps: its listener looks)."""
    subtype = event.get("subtype")
    if subtype not in PEOPLES_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return False
    thread_ts = event.get("thread_ts")
    return bool(thread_ts) and thread_ts != event.get("ts")


def changed_in_thread(event: dict[str, object]) -> dict[str, object] | None:
    """The message an edit or a deletion changed, when it is a reply in a thread."""
    subtype = event.get("subtype")
    if subtype not in ("message_changed", "message_deleted"):
        return None
    key = "previous_message" if subtype == "message_deleted" else "message"
    message = event.get(key)
    if not isinstance(message, dict):
        return None
    thread_ts, ts = message.get("thread_ts"), message.get("ts")
    return message if thread_ts and ts and thread_ts != ts else None


def concerns_a_thread(event: dict[str, object]) -> bool:
    """Whether a message event is one the app acts on: anything else in a channel is
    ignored, and costs nothing (not even remembering it)."""
    return is_thread_reply(event) or changed_in_thread(event) is not None
