"""Handlers for views.*: modals (open/push/update) and the Home tab (publish).

Slack answers with the whole stored view (id, hash, state...), and refuses stale hashes and
used or expired triggers; apps that ignore those fail in production, so the fake does too.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from tests.fakeslack.cloning import clone
from tests.fakeslack.common import Ctx, SlackError


def _new_hash(ctx: Ctx) -> str:
    return f"{ctx.ws.seconds()}.{secrets.token_hex(4)}"


def _view_object(ctx: Ctx, view_id: str, *, root: str, previous: str | None) -> dict[str, Any]:
    ws = ctx.ws
    given: dict[str, Any] = clone(ctx.args["view"])
    obj: dict[str, Any] = {
        "id": view_id,
        "team_id": ws.team_id,
        "type": given.get("type"),
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "state": {"values": {}},
        "hash": _new_hash(ctx),
        "title": None,
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": previous,
        "root_view_id": root,
        "app_id": ws.app_id,
        "external_id": "",
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
    }
    obj.update({k: v for k, v in given.items() if k not in {"id", "hash", "state"}})
    return obj


def _use_trigger(ctx: Ctx) -> None:
    ws = ctx.ws
    trigger = ctx.str_arg("trigger_id") or ctx.str_arg("interactivity_pointer")
    if trigger in ws.expired_triggers:
        raise SlackError("expired_trigger_id")
    if trigger in ws.used_triggers:
        raise SlackError("exchanged_trigger_id")
    ws.used_triggers.add(trigger)


def _check_external_id(ctx: Ctx, keep: str | None = None) -> None:
    external_id = ctx.args["view"].get("external_id")
    if not external_id:
        return
    for view_id, view in ctx.ws.views.items():
        if view.get("external_id") == external_id and view_id != keep:
            raise SlackError("duplicate_external_id")


def views_open(ctx: Ctx) -> dict[str, Any]:
    """views.open, and views.push (the fake keeps no view stacks, so they are the same)."""
    _check_external_id(ctx)
    _use_trigger(ctx)
    view_id = ctx.ws.new_id("V")
    view = _view_object(ctx, view_id, root=view_id, previous=None)
    ctx.ws.views[view_id] = view
    return {"view": clone(view)}


def views_update(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    view_id, external_id = ctx.str_arg("view_id"), ctx.str_arg("external_id")
    current = ws.views.get(view_id) if view_id else None
    if current is None and external_id:
        current = next((v for v in ws.views.values() if v.get("external_id") == external_id), None)
    if current is None:
        raise SlackError("not_found")
    if ctx.str_arg("hash") and ctx.str_arg("hash") != current["hash"]:
        raise SlackError("hash_conflict")
    _check_external_id(ctx, keep=current["id"])
    view = _view_object(
        ctx, current["id"], root=current["root_view_id"], previous=current["previous_view_id"]
    )
    if not ctx.args["view"].get("external_id"):
        view["external_id"] = current.get("external_id", "")
    ws.views[current["id"]] = view
    return {"view": clone(view)}


def views_publish(ctx: Ctx) -> dict[str, Any]:
    ws = ctx.ws
    user_id = ctx.str_arg("user_id")
    user = ws.users.get(user_id)
    if user is None or user.get("deleted") or user.get("is_bot"):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["invalid `user_id`"]})
    view_id = ws.home_views.get(user_id)
    if (
        view_id is not None
        and ctx.str_arg("hash")
        and ctx.str_arg("hash") != ws.views[view_id]["hash"]
    ):
        raise SlackError("hash_conflict")
    view_id = view_id or ws.new_id("V")
    view = _view_object(ctx, view_id, root=view_id, previous=None)
    ws.views[view_id] = view
    ws.home_views[user_id] = view_id
    return {"view": clone(view)}


VIEW_HANDLERS: dict[str, Callable[[Ctx], dict[str, Any]]] = {
    "views.open": views_open,
    "views.push": views_open,
    "views.update": views_update,
    "views.publish": views_publish,
}
