"""What every method handler shares: Slack's error, the call context, access rules."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from tests.fakeslack.state import Channel, Workspace


class SlackError(Exception):
    """Answer {"ok": false, "error": code, **extra}, as Slack does for a refused call."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Ctx:
    """One call: the workspace, decoded arguments, and violations found while handling it."""

    ws: Workspace
    method: str
    args: dict[str, Any]
    violations: list[str] = field(default_factory=list)

    def violate(self, problem: str) -> None:
        self.violations.append(f"{self.method}: {problem}")

    def str_arg(self, name: str) -> str:
        value = self.args.get(name)
        return "" if value is None else str(value)

    def flag(self, name: str) -> bool:
        """Slack booleans: true/1 in JSON, "true"/"1" in forms."""
        value = self.args.get(name)
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes"}
        return bool(value)

    def id_list(self, name: str) -> list[str]:
        """A comma-separated list of ids (a JSON array is tolerated)."""
        value = self.args.get(name)
        items = value if isinstance(value, list) else str(value or "").split(",")
        return [str(i).strip() for i in items if str(i).strip()]


def readable(ws: Workspace, channel_id: str) -> Channel:
    """A conversation the bot can see: public ones always, private ones as a member."""
    channel = ws.channel(channel_id) or ws.channel_by_name(channel_id)
    if channel is None or (channel.is_private and ws.bot_user_id not in channel.members):
        raise SlackError("channel_not_found")
    return channel


def member_of(ws: Workspace, channel_id: str) -> Channel:
    """A conversation the bot is in: not_in_channel for a public one it has not joined."""
    channel = readable(ws, channel_id)
    if ws.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return channel


def postable(ws: Workspace, channel_id: str) -> Channel:
    """Where chat.postMessage may post: a channel the bot is in, a DM, or a user id."""
    user = ws.users.get(channel_id)
    channel: Channel | None
    if user is not None:
        if user["id"] == ws.bot_user_id or user.get("is_bot"):
            raise SlackError("cannot_dm_bot")
        channel = ws.dm_with(channel_id)
    else:
        channel = readable(ws, channel_id)
    if channel.is_im:
        other = ws.users.get(channel.user or "", {})
        if other.get("deleted"):
            raise SlackError("user_disabled")
    if channel.is_archived:
        raise SlackError("is_archived")
    return member_of(ws, channel.id)


def paginate(
    ctx: Ctx, items: list[Any], *, default_limit: int, max_limit: int
) -> tuple[list[Any], str]:
    """Slack's cursor pagination over a list; returns the page and the next cursor ("" at end)."""
    raw_limit = ctx.args.get("limit")
    try:
        limit = int(raw_limit) if raw_limit not in (None, "") else default_limit
    except (TypeError, ValueError):
        raise SlackError("invalid_limit") from None
    if limit < 1 or limit > max_limit:
        raise SlackError("invalid_limit")
    start = 0
    cursor = ctx.str_arg("cursor")
    if cursor:
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:"))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise SlackError("invalid_cursor") from None
    page = items[start : start + limit]
    more = start + limit < len(items)
    next_cursor = base64.b64encode(f"offset:{start + limit}".encode()).decode() if more else ""
    return page, next_cursor
