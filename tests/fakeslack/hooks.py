"""Slack's ``response_url``: where an app answers a command or a press on a message, shown
only to the person who acted, where they did. The fake's URLs name that place:
``/hooks/<kind>/<team>/<channel>/<user>/<n>``."""

from __future__ import annotations

from typing import Any

from tests.fakeslack.cloning import clone
from tests.fakeslack.state import Workspace
from tests.fakeslack.wire import parse_body

HOOKS = "/hooks"
VIA = "response_url"


def reply(
    ws: Workspace, path: str, content_type: str, body: bytes
) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """Record a POST to a response_url: its arguments, what it broke, Slack's answer."""
    args, error = parse_body(content_type, body)
    parts = path.split("/")  # "", hooks, kind, team, channel, user, n
    problems = [] if error is None and len(parts) == 7 else [f"response_url: bad {path}"]
    if args.get("response_type") not in (None, "ephemeral", "in_channel"):
        problems.append("response_url: response_type must be ephemeral or in_channel")
    with ws.lock:
        if not problems and args.get("response_type", "ephemeral") == "ephemeral":
            ws.ephemerals.append(
                {
                    "type": "message",
                    "text": args.get("text", ""),
                    "channel": parts[4],
                    "recipient": parts[5],
                    "via": VIA,
                    "ts": ws.new_ts(),
                }
            )
    return args, problems, {"ok": not problems}


def replies_to(ws: Workspace, user_id: str) -> list[dict[str, Any]]:
    """What was replied to ``user_id`` through response_urls, oldest first."""
    with ws.lock:
        return [
            clone(m) for m in ws.ephemerals if m["recipient"] == user_id and m.get("via") == VIA
        ]
