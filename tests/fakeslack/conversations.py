"""Handlers for conversations.*: membership, DMs, history and threads, channel creation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakeslack.cloning import clone
from tests.fakeslack.common import Ctx, SlackError, member_of, paginate, readable
from tests.fakeslack.state import Channel

NAME_MAX = 80


def conversations_info(ctx: Ctx) -> dict[str, Any]:
    channel = readable(ctx.ws, ctx.str_arg("channel"))
    body = ctx.ws.conversation(channel, num_members=ctx.flag("include_num_members"))
    if ctx.flag("include_locale"):
        body["locale"] = "en-US"
    return {"channel": body}


def conversations_join(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = ws.channel(ctx.str_arg("channel")) or ws.channel_by_name(ctx.str_arg("channel"))
    if channel is None:
        raise SlackError("channel_not_found")
    if channel.is_im or channel.is_private:
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("is_archived")
    body: dict[str, Any] = {}
    if ws.bot_user_id in channel.members:
        body = {
            "warning": "already_in_channel",
            "response_metadata": {"warnings": ["already_in_channel"]},
        }
    channel.members.add(ws.bot_user_id)
    return {"channel": ws.conversation(channel), **body}


def conversations_open(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    if ctx.str_arg("channel"):
        channel = readable(ws, ctx.str_arg("channel"))
        if not channel.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        return {"channel": {"id": channel.id}, "no_op": True, "already_open": True}
    users = [u for u in ctx.id_list("users") if u != ws.bot_user_id]
    if not users:
        raise SlackError("not_enough_users")
    if len(users) > 8:
        raise SlackError("too_many_users")
    for user_id in users:
        user = ws.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        if user.get("deleted"):
            raise SlackError("user_disabled")
        if user.get("is_bot"):
            raise SlackError("cannot_dm_bot")
    if len(users) > 1:
        ctx.violate("group DMs (mpim) are not implemented in fake")
        return {"channel": {"id": "G0FAKEMPIM"}}
    existed = ws.dm_ids.get(users[0]) in ws.channels
    channel = ws.dm_with(users[0])
    if ctx.flag("prevent_creation") and not existed:
        return {"channel": {}}
    body: dict[str, Any] = {
        "channel": ws.conversation(channel) if ctx.flag("return_im") else {"id": channel.id}
    }
    if existed:
        body.update(no_op=True, already_open=True)
    return body


def conversations_members(ctx: Ctx) -> dict[str, Any]:
    channel = readable(ctx.ws, ctx.str_arg("channel"))
    page, cursor = paginate(ctx, sorted(channel.members), default_limit=100, max_limit=1000)
    return {"members": page, "response_metadata": {"next_cursor": cursor}}


def _render(ctx: Ctx, message: dict[str, Any]) -> dict[str, Any]:
    """A stored message as history/replies return it (metadata only when asked for)."""
    shown = clone(message)
    if not ctx.flag("include_all_metadata"):
        shown.pop("metadata", None)
    return shown


def _in_window(ctx: Ctx, ts: str) -> bool:
    inclusive = ctx.flag("inclusive")
    value = float(ts)
    oldest, latest = ctx.str_arg("oldest"), ctx.str_arg("latest")
    try:
        if oldest and (value < float(oldest) or (value == float(oldest) and not inclusive)):
            return False
        return not (
            latest and (value > float(latest) or (value == float(latest) and not inclusive))
        )
    except ValueError:
        raise SlackError("invalid_ts_oldest" if oldest else "invalid_ts_latest") from None


def conversations_history(ctx: Ctx) -> dict[str, Any]:
    channel = member_of(ctx.ws, ctx.str_arg("channel"))
    top_level = [
        m
        for m in reversed(channel.messages)
        if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
    ]
    shown = [_render(ctx, m) for m in top_level if _in_window(ctx, m["ts"])]
    page, cursor = paginate(ctx, shown, default_limit=100, max_limit=999)
    pins = sum(1 for m in channel.messages if channel.id in m.get("pinned_to", []))
    body: dict[str, Any] = {"messages": page, "has_more": bool(cursor), "pin_count": pins}
    if cursor:
        body["response_metadata"] = {"next_cursor": cursor}
    return body


def conversations_replies(ctx: Ctx) -> dict[str, Any]:
    channel = member_of(ctx.ws, ctx.str_arg("channel"))
    message = ctx.ws.find_message(channel, ctx.str_arg("ts"))
    if message is None:
        raise SlackError("thread_not_found")
    root = message.get("thread_ts") or message["ts"]
    thread = [m for m in channel.messages if m["ts"] == root or m.get("thread_ts") == root]
    shown = [_render(ctx, m) for m in thread if m["ts"] == root or _in_window(ctx, m["ts"])]
    page, cursor = paginate(ctx, shown, default_limit=1000, max_limit=1000)
    body: dict[str, Any] = {"messages": page, "has_more": bool(cursor)}
    if cursor:
        body["response_metadata"] = {"next_cursor": cursor}
    return body


def _check_name(name: str) -> None:
    """Slack: lowercase letters, digits, hyphens and underscores; at most 80 characters."""
    if not name:
        raise SlackError("invalid_name_required")
    if len(name) > NAME_MAX:
        raise SlackError("invalid_name_maxlength")
    if any(not (ch.isdigit() or ch.islower() or ch in "-_") for ch in name):
        raise SlackError("invalid_name_specials")
    if all(ch in "-_" for ch in name):
        raise SlackError("invalid_name_punctuation")


def conversations_create(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    name = ctx.str_arg("name")
    _check_name(name)
    if any(c.name == name for c in ws.channels.values() if not c.is_im):
        raise SlackError("name_taken")
    channel = Channel(
        id=ws.new_id("C"),
        name=name,
        creator=ws.bot_user_id,
        is_private=ctx.flag("is_private"),
        members={ws.bot_user_id},
        created=ws.seconds(),
    )
    ws.channels[channel.id] = channel
    body = ws.conversation(channel)
    body.update(last_read="0000000000.000000", latest=None, unread_count=0, priority=0)
    return {"channel": body}


def conversations_invite(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = readable(ws, ctx.str_arg("channel"))
    if channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("is_archived")
    if ws.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    errors: list[dict[str, Any]] = []
    valid: list[str] = []
    for user_id in ctx.id_list("users"):
        user = ws.users.get(user_id)
        error = None
        if user_id == ws.bot_user_id:
            error = "cant_invite_self"
        elif user is None:
            error = "user_not_found"
        elif user.get("deleted"):
            error = "cant_invite"
        elif user_id in channel.members:
            error = "already_in_channel"
        if error:
            errors.append({"user": user_id, "ok": False, "error": error})
        else:
            valid.append(user_id)
    if errors and not ctx.flag("force"):
        raise SlackError(errors[0]["error"], errors=errors)
    channel.members.update(valid)
    body: dict[str, Any] = {"channel": ws.conversation(channel)}
    if errors:
        body["errors"] = errors
    return body


def conversations_list(ctx: Ctx) -> dict[str, Any]:
    """What the bot can see: public channels, private ones it is in, and its DMs if asked."""
    ws = ctx.ws
    types = set(ctx.id_list("types") or ["public_channel"])
    found = []
    for channel in ws.channels.values():
        kind = (
            "im" if channel.is_im else "private_channel" if channel.is_private else "public_channel"
        )
        if kind not in types or (ctx.flag("exclude_archived") and channel.is_archived):
            continue
        if kind != "public_channel" and ws.bot_user_id not in channel.members:
            continue
        found.append(ws.conversation(channel))
    page, cursor = paginate(ctx, found, default_limit=100, max_limit=1000)
    return {"channels": page, "response_metadata": {"next_cursor": cursor}}


CONVERSATION_HANDLERS: dict[str, Callable[[Ctx], dict[str, Any]]] = {
    "conversations.info": conversations_info,
    "conversations.join": conversations_join,
    "conversations.open": conversations_open,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.create": conversations_create,
    "conversations.invite": conversations_invite,
    "conversations.list": conversations_list,
}
