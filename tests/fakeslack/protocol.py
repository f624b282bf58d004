"""Checks that a Web API call is one Slack would accept.

The fake answers like Slack, but Slack's real refusals are only worth something if the fake
refuses the same calls: this module holds the method/argument tables (from Slack's OpenAPI
spec plus the method docs, since the spec's "required" flags are unreliable and it predates
newer arguments) and the Block Kit limits slack_sdk.models does not enforce.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.fakeslack.blockkit import check_blocks, check_view


@dataclass(frozen=True)
class Problem:
    """One protocol violation; `error` is Slack's code, or None when Slack only warns."""

    message: str
    error: str | None


# Arguments Slack's method docs list that the 2020 OpenAPI spec does not know yet.
NEWER_ARGS: dict[str, frozenset[str]] = {
    "chat.postMessage": frozenset({"metadata", "markdown_text", "container_id"}),
    "chat.postEphemeral": frozenset({"markdown_text"}),
    "chat.update": frozenset({"metadata", "markdown_text", "file_ids", "reply_broadcast"}),
    "chat.scheduleMessage": frozenset(
        {"metadata", "markdown_text", "unfurl_links", "unfurl_media"}
    ),
    "conversations.history": frozenset({"include_all_metadata"}),
    "conversations.replies": frozenset({"include_all_metadata"}),
    "conversations.invite": frozenset({"force"}),
    "conversations.open": frozenset({"prevent_creation"}),
    "oauth.v2.access": frozenset({"grant_type", "refresh_token"}),  # token rotation
    "views.open": frozenset({"interactivity_pointer"}),
    "views.push": frozenset({"interactivity_pointer"}),
}

# Accepted by every method: slack-sdk's WebClient(team_id=...) adds it to every call, and
# Bolt builds each listener's `client` that way (team_id of the incoming request).
GLOBAL_ARGS = frozenset({"team_id"})

# Required arguments per Slack's method docs. A tuple is "one of these"; the second item is
# the error Slack gives when it is missing.
_MSG_CONTENT = ("text", "blocks", "attachments", "markdown_text")
REQUIRED: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "users.info": [(("user",), "user_not_found")],
    "chat.postMessage": [(("channel",), "channel_not_found"), (_MSG_CONTENT, "no_text")],
    "chat.postEphemeral": [
        (("channel",), "channel_not_found"),
        (("user",), "user_not_in_channel"),
        (_MSG_CONTENT, "no_text"),
    ],
    "chat.update": [(("channel",), "channel_not_found"), (("ts",), "message_not_found")],
    "chat.delete": [(("channel",), "channel_not_found"), (("ts",), "message_not_found")],
    "chat.getPermalink": [
        (("channel",), "channel_not_found"),
        (("message_ts",), "message_not_found"),
    ],
    "conversations.join": [(("channel",), "channel_not_found")],
    "conversations.info": [(("channel",), "channel_not_found")],
    "conversations.open": [(("channel", "users"), "users_list_not_supplied")],
    "conversations.members": [(("channel",), "channel_not_found")],
    "conversations.history": [(("channel",), "channel_not_found")],
    "conversations.replies": [(("channel",), "channel_not_found"), (("ts",), "thread_not_found")],
    "conversations.create": [(("name",), "invalid_name_required")],
    "conversations.invite": [(("channel",), "channel_not_found"), (("users",), "no_user")],
    "pins.add": [(("channel",), "channel_not_found"), (("timestamp",), "no_item_specified")],
    "reactions.add": [
        (("channel",), "channel_not_found"),
        (("name",), "invalid_name"),
        (("timestamp",), "no_item_specified"),
    ],
    "views.open": [
        (("view",), "invalid_arguments"),
        (("trigger_id", "interactivity_pointer"), "invalid_arguments"),
    ],
    "views.push": [
        (("view",), "invalid_arguments"),
        (("trigger_id", "interactivity_pointer"), "invalid_arguments"),
    ],
    "views.update": [
        (("view",), "invalid_arguments"),
        (("view_id", "external_id"), "invalid_arguments"),
    ],
    "views.publish": [(("user_id",), "invalid_arguments"), (("view",), "invalid_arguments")],
}

# Arguments whose value is JSON, sent as an encoded string in form bodies.
JSON_ARGS = frozenset({"blocks", "attachments", "view", "metadata"})
MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})
MAX_MESSAGE_TEXT = 40_000


def spec_dir() -> Path:
    """Slack's published material: tests/slack_spec, or $STAND_SLACK_SPEC_DIR."""
    override = os.environ.get("STAND_SLACK_SPEC_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "slack_spec"


@lru_cache(maxsize=4)
def _load_spec_params(directory: str) -> dict[str, frozenset[str]]:
    path = Path(directory) / "slack_web_openapi_v2.json"
    if not path.is_file():
        msg = f"Slack's OpenAPI spec not found at {path}; set STAND_SLACK_SPEC_DIR"
        raise FileNotFoundError(msg)
    spec = json.loads(path.read_text(encoding="utf-8"))
    methods: dict[str, frozenset[str]] = {}
    for raw_path, operations in spec["paths"].items():
        names: set[str] = set()
        for operation in operations.values():
            names.update(p["name"] for p in operation.get("parameters", []) if "name" in p)
        names.discard("token")
        methods[raw_path.lstrip("/")] = frozenset(names)
    return methods


def spec_params() -> dict[str, frozenset[str]]:
    """Method name -> argument names, from Slack's OpenAPI spec (token excluded)."""
    return _load_spec_params(str(spec_dir()))


def is_missing(value: Any) -> bool:
    """Slack treats an absent, null or empty argument alike."""
    return value is None or value in ("", [], {})


def decode_json_args(method: str, args: dict[str, Any]) -> list[Problem]:
    """Decode JSON-encoded string arguments in place (form bodies send them that way)."""
    problems: list[Problem] = []
    for name in JSON_ARGS & args.keys():
        value = args[name]
        if not isinstance(value, str) or value == "":
            continue
        try:
            args[name] = json.loads(value)
        except json.JSONDecodeError:
            code = "invalid_blocks_format" if name == "blocks" else "invalid_arguments"
            if name == "metadata":
                code = "invalid_metadata_format"
            problems.append(Problem(f"{method}: argument '{name}' is not valid JSON", code))
    return problems


def check_arguments(method: str, args: dict[str, Any]) -> list[Problem]:
    """Unknown argument names and missing required ones."""
    known = spec_params()[method] | NEWER_ARGS.get(method, frozenset()) | GLOBAL_ARGS
    problems = [
        Problem(
            f"{method}: unknown argument '{name}' (not in Slack's spec for this method)",
            "invalid_arguments",
        )
        for name in sorted(args.keys() - known)
    ]
    for names, error in REQUIRED.get(method, []):
        if all(is_missing(args.get(n)) for n in names):
            what = names[0] if len(names) == 1 else "one of " + "/".join(names)
            problems.append(Problem(f"{method}: missing required argument {what}", error))
    return problems


def check_message(method: str, args: dict[str, Any]) -> list[Problem]:
    """Message content: blocks, text limits, the accessibility fallback, metadata."""
    problems: list[Problem] = []
    text = args.get("text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        problems.append(
            Problem(
                f"{method}: text is {len(text)} characters (max {MAX_MESSAGE_TEXT})", "msg_too_long"
            )
        )
    blocks = args.get("blocks")
    if blocks is not None:
        if not isinstance(blocks, list):
            problems.append(
                Problem(f"{method}: blocks must be a JSON array", "invalid_blocks_format")
            )
        else:
            problems += [
                Problem(f"{method}: {m}", "invalid_blocks")
                for m in check_blocks(blocks, max_blocks=50)
            ]
            fallback = any(
                isinstance(args.get(k), str) and args[k].strip() for k in ("text", "markdown_text")
            )
            if blocks and not fallback:
                problems.append(
                    Problem(
                        f"{method}: blocks without a top-level text (Slack warns: no fallback for "
                        "notifications and screen readers)",
                        None,
                    )
                )
    if "metadata" in args and args["metadata"] is not None:
        problems += _check_metadata(method, args["metadata"])
    return problems


def _check_metadata(method: str, metadata: Any) -> list[Problem]:
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not metadata["event_type"]
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        return [
            Problem(
                f"{method}: metadata needs event_type (string) and event_payload (object), "
                f"got {metadata!r}",
                "invalid_metadata_format",
            )
        ]
    return []


def check_view_arg(method: str, args: dict[str, Any]) -> list[Problem]:
    """The `view` argument of views.*: type for the method, then the view itself."""
    view = args.get("view")
    if view is None:
        return []
    if not isinstance(view, dict):
        return [Problem(f"{method}: view must be a JSON object", "invalid_arguments")]
    problems: list[Problem] = []
    wanted = "home" if method == "views.publish" else "modal"
    if view.get("type") != wanted:
        problems.append(
            Problem(
                f"{method}: view type must be '{wanted}', got {view.get('type')!r}",
                "invalid_arguments",
            )
        )
    problems += [Problem(f"{method}: {m}", "invalid_arguments") for m in check_view(view)]
    return problems


def check_call(method: str, args: dict[str, Any], team_ids: set[str]) -> list[Problem]:
    """All protocol problems of one call to a method the spec knows (args already decoded);
    ``team_ids``: the workspaces the call's token may act in."""
    problems = check_arguments(method, args)
    if args.get("team_id") not in {None, "", *team_ids}:
        problems.append(
            Problem(
                f"{method}: team_id {args['team_id']!r} is not this token's "
                f"workspace ({', '.join(sorted(team_ids))})",
                "team_access_not_granted",
            )
        )
    if method in MESSAGE_METHODS:
        problems += check_message(method, args)
    if method in VIEW_METHODS:
        problems += check_view_arg(method, args)
    return problems
