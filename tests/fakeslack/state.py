"""The fake workspace: users, conversations, messages and views, shaped like Slack's objects.

Kept apart from HTTP and from the method handlers so tests can seed and inspect it, and so
each handler reads as "what Slack does" rather than bookkeeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.fakeslack.cloning import clone

# Slack's tz_label is the long name of the zone's current abbreviation.
_TZ_LABELS = {
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "WET": "Western European Time",
    "WEST": "Western European Summer Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "IST": "India Standard Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
}


def tz_fields(tz: str, now: datetime) -> dict[str, Any]:
    """tz, tz_label and tz_offset (seconds east of UTC, at ``now``) as users.info gives them."""
    try:
        local = now.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return {"tz": tz, "tz_label": tz, "tz_offset": 0}
    offset = local.utcoffset()
    abbreviation = local.tzname() or tz
    return {
        "tz": tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
    }


@dataclass
class Channel:
    """A conversation; `members` includes the bot when it is a member."""

    id: str
    name: str
    creator: str
    is_private: bool = False
    is_archived: bool = False
    is_im: bool = False
    user: str | None = None
    members: set[str] = field(default_factory=set)
    created: int = 0  # set by the workspace, from its clock
    messages: list[dict[str, Any]] = field(default_factory=list)


class Workspace:
    """State of the one workspace the app is installed in. Guard every access with `lock`."""

    def __init__(
        self,
        now: Callable[[], datetime],
        new_ts: Callable[[], str],
        *,
        team_id: str = "T0TEAM0001",
        team_name: str = "Stand Test",
        tag: str = "0FAKE",
    ) -> None:
        self.now = now  # the test's clock: dates follow it…
        self.new_ts = new_ts  # …and message timestamps, one sequence with events and presses
        self.lock = threading.RLock()
        self.team_id = team_id
        # Every workspace this state answers for: one, or an org's, installed org-wide.
        self.team_ids = {team_id}
        self.team_name = team_name
        self.domain = team_name.lower().replace(" ", "-")
        self.tag = tag  # in every id it makes, so two workspaces' ids never meet
        self.enterprise_id: str | None = None
        self.org_wide = False
        self.bot_user_id = "U0APPBOT1"
        self.bot_id = "B0APPBOT01"
        self.app_id = "A0APP00001"
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.dm_ids: dict[str, str] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, str] = {}
        self.expired_triggers: set[str] = set()
        self.used_triggers: set[str] = set()
        self.ephemerals: list[dict[str, Any]] = []
        self._counter = 0
        self.add_user(self.bot_user_id, name="stand", real_name="Stand", is_bot=True)
        self.users[self.bot_user_id]["profile"]["bot_id"] = self.bot_id

    @property
    def url(self) -> str:
        return f"https://{self.domain}.slack.com/"

    def seconds(self) -> int:
        """The clock as Slack's integer timestamps (`created`, `updated`)."""
        return int(self.now().timestamp())

    def new_id(self, prefix: str) -> str:
        with self.lock:
            self._counter += 1
            return f"{prefix}{self.tag}{self._counter:04d}"

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str = "",
        tz: str = "America/Los_Angeles",
        is_bot: bool = False,
        deleted: bool = False,
        dm_channel_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Add (or replace) a user; their DM with the bot is `dm_channel_id` or D + id[1:]."""
        real = real_name or name
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": deleted,
            "color": "9f69e7",
            "real_name": real,
            **tz_fields(tz, self.now()),
            "profile": {
                "real_name": real,
                "real_name_normalized": real,
                "display_name": name,
                "display_name_normalized": name,
                "team": self.team_id,
            },
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": self.seconds(),
        }
        user.update(extra)  # any other field of Slack's user object, e.g. profile or is_admin
        with self.lock:
            self.users[user_id] = user
            self.dm_ids[user_id] = dm_channel_id or self.dm_ids.get(user_id) or "D" + user_id[1:]
        return clone(user)

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        is_private: bool = False,
        is_archived: bool = False,
        members: set[str] | None = None,
        bot_is_member: bool = True,
    ) -> dict[str, Any]:
        """Add a channel; adding an existing id again updates it (e.g. the app was invited)
        and keeps its messages."""
        everyone = set(members or set()) | ({self.bot_user_id} if bot_is_member else set())
        with self.lock:
            channel = self.channels.get(channel_id)
            if channel is None:
                creator = next(iter(sorted(members or set())), self.bot_user_id)
                channel = self.channels[channel_id] = Channel(
                    id=channel_id, name=name, creator=creator, created=self.seconds()
                )
            channel.name, channel.is_private, channel.is_archived = name, is_private, is_archived
            channel.members = everyone
            return self.conversation(channel)

    def channel(self, channel_id: str) -> Channel | None:
        """A conversation by id; a user's DM comes into being when first looked up."""
        with self.lock:
            found = self.channels.get(channel_id)
            if found is None and channel_id.startswith("D"):
                for user_id, dm_id in self.dm_ids.items():
                    if dm_id == channel_id and user_id != self.bot_user_id:
                        return self.dm_with(user_id)
            return found

    def channel_by_name(self, name: str) -> Channel | None:
        with self.lock:
            return next((c for c in self.channels.values() if c.name == name.lstrip("#")), None)

    def dm_with(self, user_id: str) -> Channel:
        """The bot's DM with a user: same id every time."""
        with self.lock:
            dm_id = self.dm_ids.setdefault(user_id, "D" + user_id[1:])
            if dm_id not in self.channels:
                self.channels[dm_id] = Channel(
                    id=dm_id,
                    name=dm_id,
                    creator=self.bot_user_id,
                    is_im=True,
                    user=user_id,
                    members={user_id, self.bot_user_id},
                    created=self.seconds(),
                )
            return self.channels[dm_id]

    def conversation(self, channel: Channel, *, num_members: bool = False) -> dict[str, Any]:
        """The conversation object as conversations.info shows it to the bot."""
        if channel.is_im:
            user = self.users.get(channel.user or "", {})
            return {
                "id": channel.id,
                "created": channel.created,
                "is_im": True,
                "is_org_shared": False,
                "context_team_id": self.team_id,
                "user": channel.user,
                "is_user_deleted": bool(user.get("deleted")),
                "priority": 0,
            }
        obj: dict[str, Any] = {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not channel.id.startswith("G"),
            "is_group": channel.id.startswith("G"),
            "is_im": False,
            "is_mpim": False,
            "is_private": channel.is_private,
            "created": channel.created,
            "is_archived": channel.is_archived,
            "is_general": channel.name == "general",
            "unlinked": 0,
            "name_normalized": channel.name,
            "is_shared": False,
            "is_org_shared": False,
            "is_ext_shared": False,
            "is_pending_ext_shared": False,
            "pending_shared": [],
            "context_team_id": self.team_id,
            "updated": channel.created * 1000,
            "creator": channel.creator,
            "is_member": self.bot_user_id in channel.members,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            "previous_names": [],
        }
        if num_members:
            obj["num_members"] = len(channel.members)
        return obj

    def find_message(self, channel: Channel, ts: str) -> dict[str, Any] | None:
        return next((m for m in channel.messages if m.get("ts") == ts), None)

    def add_message(
        self,
        channel_id: str,
        *,
        user: str,
        text: str,
        thread_ts: str | None = None,
        ts: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Seed a message (e.g. a person's) so the app can reply in its thread, react, etc."""
        with self.lock:
            channel = self.channel(channel_id)
            if channel is None:
                msg = f"unknown channel {channel_id}; add_channel first"
                raise KeyError(msg)
            message: dict[str, Any] = {
                "type": "message",
                "user": user,
                "text": text,
                "ts": ts or self.new_ts(),
                "team": self.team_id,
                **extra,
            }
            if thread_ts:
                self.attach_reply(channel, message, thread_ts)
            channel.messages.append(message)
            return clone(message)

    def attach_reply(self, channel: Channel, reply: dict[str, Any], thread_ts: str) -> None:
        """Make `reply` part of the thread at thread_ts and update the parent's counters."""
        reply["thread_ts"] = thread_ts
        parent = self.find_message(channel, thread_ts)
        if parent is None:
            return
        reply["parent_user_id"] = parent.get("user")
        parent["thread_ts"] = thread_ts
        parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
        users = list(parent.get("reply_users", []))
        if reply.get("user") not in users:
            users.append(reply.get("user"))
        parent["reply_users"] = users
        parent["reply_users_count"] = len(users)
        parent["latest_reply"] = reply["ts"]
