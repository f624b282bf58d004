"""Who people are, from ``users.info``, cached briefly: their time zone and whether bot.

Lookups happen before a modal's ack (to check a first follower), inside Slack's
3-second window, so they use a quick client: a short timeout and no retries. When Slack
is slow or limits us, the caller gets ``PeopleUnavailable`` at once and says so, instead
of acking late.
"""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.people import Person

CACHE_SECONDS = 300
QUICK_TIMEOUT_SECONDS = 1


class PeopleUnavailable(Exception):
    """Slack could not tell us who someone is in time."""


class People:
    """A small read-through cache over ``users.info`` (Tier 4), shared by all threads."""

    def __init__(self, ttl: float = CACHE_SECONDS) -> None:
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def lookup(self, client: WebClient, team_id: str, user_id: str) -> Person | None:
        """The person, or None when Slack does not know them; PeopleUnavailable on trouble."""
        key = (team_id, user_id)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < self._ttl:
            return hit[1]
        quick = WebClient(
            token=client.token,
            base_url=client.base_url,
            team_id=client.default_params.get("team_id"),
            timeout=QUICK_TIMEOUT_SECONDS,
            retry_handlers=[],
        )
        try:
            user = quick.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") in ("user_not_found", "users_not_found"):
                return None
            raise PeopleUnavailable(str(error.response.get("error"))) from error
        except OSError as error:  # timeouts and connection failures
            raise PeopleUnavailable(type(error).__name__) from error
        person = Person(
            user_id=user_id,
            name=str(user.get("real_name") or user.get("name") or user_id),
            tz=str(user.get("tz") or "UTC"),
            is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
            deleted=bool(user.get("deleted")),
            external=_external(user, team_id),
        )
        with self._lock:
            self._cache[key] = (time.monotonic(), person)
        return person


def _external(user: dict[str, object], team_id: str) -> bool:
    """Of another organisation: a Slack Connect stranger, or someone whose home workspace
    is another one outside any Enterprise Grid org this one shares."""
    home = user.get("team_id")
    other_home = bool(home) and home != team_id and "enterprise_user" not in user
    return bool(user.get("is_stranger")) or other_home
