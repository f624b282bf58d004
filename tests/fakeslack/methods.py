"""Handlers for auth.*, users.*, chat.*, pins.* and reactions.*, plus the method registry.

Each handler takes the call context and returns the success body (without "ok") or raises
SlackError with the code Slack's method docs give for the same situation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakeslack.cloning import clone
from tests.fakeslack.common import Ctx, SlackError, member_of, paginate, postable, readable
from tests.fakeslack.conversations import CONVERSATION_HANDLERS
from tests.fakeslack.state import Channel
from tests.fakeslack.views import VIEW_HANDLERS

Handler = Callable[[Ctx], dict[str, Any]]


def auth_test(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    body: dict[str, Any] = {
        "url": ws.url,
        "team": ws.team_name,
        "user": ws.users[ws.bot_user_id]["name"],
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": ws.org_wide,
    }
    if ws.enterprise_id is not None:
        body["enterprise_id"] = ws.enterprise_id
    return body


def users_info(ctx: Ctx) -> dict[str, Any]:
    user = ctx.ws.users.get(ctx.str_arg("user"))
    if user is None:
        raise SlackError("user_not_found")
    body = clone(user)
    if ctx.flag("include_locale"):
        body["locale"] = "en-US"
    return {"user": body}


def users_list(ctx: Ctx) -> dict[str, Any]:
    members = [clone(u) for u in ctx.ws.users.values()]
    page, cursor = paginate(ctx, members, default_limit=200, max_limit=1000)
    return {
        "members": page,
        "cache_ts": ctx.ws.seconds(),
        "response_metadata": {"next_cursor": cursor},
    }


def _bot_message(ctx: Ctx, ts: str) -> dict[str, Any]:
    ws = ctx.ws
    message: dict[str, Any] = {
        "type": "message",
        "user": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "app_id": ws.app_id,
        "text": ctx.str_arg("text") or ctx.str_arg("markdown_text"),
        "ts": ts,
        "team": ws.team_id,
        "bot_profile": {"id": ws.bot_id, "app_id": ws.app_id, "name": "Stand", "deleted": False},
    }
    for name in ("blocks", "attachments", "metadata"):
        if ctx.args.get(name):
            message[name] = clone(ctx.args[name])
    return message


def _own_message(ctx: Ctx, channel: Channel, ts: str, refusal: str) -> dict[str, Any]:
    message = ctx.ws.find_message(channel, ts)
    if message is None:
        raise SlackError("message_not_found")
    if message.get("user") != ctx.ws.bot_user_id:
        raise SlackError(refusal)
    return message


def chat_post_message(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = postable(ws, ctx.str_arg("channel"))
    ts = ws.new_ts()
    message = _bot_message(ctx, ts)
    thread_ts = ctx.str_arg("thread_ts")
    if thread_ts:
        parent = ws.find_message(channel, thread_ts)
        root = parent.get("thread_ts") if parent else None
        if isinstance(root, str) and root != thread_ts:
            ctx.violate(f"thread_ts {thread_ts} is a reply; Slack asks for the parent's ts {root}")
            thread_ts = root
        ws.attach_reply(channel, message, thread_ts)
        if ctx.flag("reply_broadcast"):
            message["subtype"] = "thread_broadcast"
    channel.messages.append(message)
    return {"channel": channel.id, "ts": ts, "message": clone(message)}


def chat_post_ephemeral(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = readable(ws, ctx.str_arg("channel"))
    if channel.is_archived:
        raise SlackError("is_archived")
    channel = member_of(ws, channel.id)
    user = ctx.str_arg("user")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    ts = ws.new_ts()
    message = _bot_message(ctx, ts)
    message.update(channel=channel.id, recipient=user)
    if ctx.str_arg("thread_ts"):
        message["thread_ts"] = ctx.str_arg("thread_ts")
    ws.ephemerals.append(message)
    return {"message_ts": ts}


def chat_update(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = readable(ws, ctx.str_arg("channel"))
    message = _own_message(ctx, channel, ctx.str_arg("ts"), "cant_update_message")
    args = ctx.args
    if "text" in args or "markdown_text" in args:
        message["text"] = ctx.str_arg("text") or ctx.str_arg("markdown_text")
    # Slack: without `blocks`, a new `text` drops the old blocks; otherwise they are kept.
    if "blocks" in args:
        message["blocks"] = clone(args["blocks"])
    elif "text" in args:
        message.pop("blocks", None)
    for name in ("attachments", "metadata"):
        if name in args:
            message[name] = clone(args[name])
    message["edited"] = {"user": ws.bot_user_id, "ts": ws.new_ts()}
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": clone(message),
    }


def chat_delete(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = readable(ws, ctx.str_arg("channel"))
    message = _own_message(ctx, channel, ctx.str_arg("ts"), "cant_delete_message")
    channel.messages.remove(message)
    thread_ts = message.get("thread_ts")
    parent = (
        ws.find_message(channel, thread_ts) if thread_ts and thread_ts != message["ts"] else None
    )
    if parent is not None and parent.get("reply_count"):
        parent["reply_count"] -= 1
    return {"channel": channel.id, "ts": message["ts"]}


def chat_get_permalink(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = readable(ws, ctx.str_arg("channel"))
    ts = ctx.str_arg("message_ts")
    message = ws.find_message(channel, ts)
    if message is None:
        raise SlackError("message_not_found")
    link = f"{ws.url}archives/{channel.id}/p{ts.replace('.', '')}"
    thread_ts = message.get("thread_ts")
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


def pins_add(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = member_of(ws, ctx.str_arg("channel"))
    message = ws.find_message(channel, ctx.str_arg("timestamp"))
    if message is None:
        raise SlackError("message_not_found")
    if channel.id in message.get("pinned_to", []):
        raise SlackError("already_pinned")
    message["pinned_to"] = [*message.get("pinned_to", []), channel.id]
    return {}


def reactions_add(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    channel = member_of(ws, ctx.str_arg("channel"))
    message = ws.find_message(channel, ctx.str_arg("timestamp"))
    if message is None:
        raise SlackError("message_not_found")
    name = ctx.str_arg("name")
    reactions: list[dict[str, Any]] = message.setdefault("reactions", [])
    reaction = next((r for r in reactions if r["name"] == name), None)
    if reaction is None:
        reaction = {"name": name, "users": [], "count": 0}
        reactions.append(reaction)
    if ws.bot_user_id in reaction["users"]:
        raise SlackError("already_reacted")
    reaction["users"].append(ws.bot_user_id)
    reaction["count"] += 1
    return {}


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "pins.add": pins_add,
    "reactions.add": reactions_add,
    **CONVERSATION_HANDLERS,
    **VIEW_HANDLERS,
}
