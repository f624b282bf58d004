"""Block Kit validation of blocks and views, the way Slack refuses them.

slack_sdk.models checks many limits when `to_dict()` runs, but plain dicts (what most apps
send) are never checked by the client, and some of Slack's limits are not in slack_sdk at
all (50 blocks a message, duplicate ids, option counts, plain_text_input.max_length). Every
function here returns human-readable problems; an empty list means Slack would accept it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_VIEW_BLOCKS = 100
ID_MAX = 255
# (block or element type, path to a text field) -> max characters, from Slack's Block Kit docs.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("section", "text"): 3000,
    ("header", "text"): 150,
    ("button", "text"): 75,
    ("input", "label"): 2000,
    ("input", "hint"): 2000,
}
VALUE_LIMITS: dict[tuple[str, str], int] = {
    ("button", "value"): 2000,
    ("button", "url"): 3000,
    ("plain_text_input", "max_length"): 3000,
    ("plain_text_input", "min_length"): 3000,
}
COUNT_LIMITS: dict[tuple[str, str], int] = {
    ("actions", "elements"): 25,
    ("context", "elements"): 10,
    ("section", "fields"): 10,
    ("checkboxes", "options"): 10,
    ("radio_buttons", "options"): 10,
    ("static_select", "options"): 100,
    ("static_select", "option_groups"): 100,
    ("multi_static_select", "options"): 100,
    ("overflow", "options"): 5,
}
# Text objects Slack accepts only as plain_text.
PLAIN_TEXT_ONLY: frozenset[tuple[str, str]] = frozenset(
    {("header", "text"), ("button", "text"), ("input", "label"), ("input", "hint")}
)
OPTION_KEYS = frozenset({"options", "initial_options", "initial_option"})
MODAL_TEXT_MAX = 24
PRIVATE_METADATA_MAX = 3000


def _text_of(value: Any) -> str | None:
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else None
    return value if isinstance(value, str) else None


def _walk(node: Any, parent_key: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (key it hangs from, dict) for every object nested in a block."""
    if isinstance(node, dict):
        yield parent_key, node
        for key, value in node.items():
            yield from _walk(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, parent_key)


def _dropped(original: Any, rendered: Any, path: str) -> list[str]:
    """Fields of `original` that slack_sdk's model did not keep: unknown names or types."""
    if isinstance(original, dict) and isinstance(rendered, dict):
        found: list[str] = []
        for key, value in original.items():
            if value is None or value in ("", [], {}):
                continue
            if key not in rendered:
                found.append(f"{path}.{key}")
            else:
                found += _dropped(value, rendered[key], f"{path}.{key}")
        return found
    if isinstance(original, str) and isinstance(rendered, dict):
        return [f"{path} (a string where Slack wants an object)"]
    if isinstance(original, list) and isinstance(rendered, list):
        found = []
        for i, (a, b) in enumerate(zip(original, rendered, strict=False)):
            found += [f"{path}[{i}]"] if b is None else _dropped(a, b, f"{path}[{i}]")
        return found
    return []


def _sdk_problems(block: Any, where: str) -> list[str]:
    """Parse with slack_sdk.models and render it: unknown types, missing fields, sdk limits."""
    if not isinstance(block, dict):
        return [f"{where}: block is not an object"]
    try:
        key = json.dumps(block, sort_keys=True)
    except (TypeError, ValueError):
        return [f"{where} ({block.get('type')}): malformed: not JSON"]
    return [problem.replace(_WHERE, where) for problem in _sdk_problems_of(key)]


# Where a cached problem names the block; filled in per call.
_WHERE = "\x00where\x00"


def forget_checked() -> None:
    """Forget which blocks and views were checked, so a timed run pays for every check."""
    _sdk_problems_of.cache_clear()
    _sdk_view_problems.cache_clear()


@functools.lru_cache(maxsize=4096)
def _sdk_problems_of(key: str) -> tuple[str, ...]:
    """The problems of one block, by its JSON: the same header or button recurs in every
    message and view, and slack_sdk's parsing and rendering is slow."""
    block = json.loads(key)
    where = _WHERE
    try:
        parsed = Block.parse(block)
        if parsed is None:
            if "type" not in block:
                return (f"{where}: block has no type",)
            return (f"{where}: unknown block type {block.get('type')!r}",)
        rendered = parsed.to_dict()
    except SlackObjectFormationError as e:
        return (f"{where} ({block.get('type')}): {e}",)
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        return (f"{where} ({block.get('type')}): malformed: {e}",)
    return tuple(
        f"{where} ({block.get('type')}): field {p} is unknown to Block Kit or has a wrong type"
        for p in _dropped(block, rendered, "block")
    )


def _size_problems(obj: dict[str, Any], where: str) -> list[str]:
    """Length and count limits of one object, by its type."""
    problems: list[str] = []
    kind = obj.get("type")
    for (owner, field), limit in TEXT_LIMITS.items():
        text = _text_of(obj.get(field)) if kind == owner else None
        if text is not None and len(text) > limit:
            problems.append(f"{where}: {owner} {field} is {len(text)} characters (max {limit})")
    for (owner, field), limit in VALUE_LIMITS.items():
        value = obj.get(field) if kind == owner else None
        size = len(value) if isinstance(value, str) else value
        if isinstance(size, int) and size > limit:
            problems.append(f"{where}: {owner} {field} is {size} (max {limit})")
    for (owner, field), limit in COUNT_LIMITS.items():
        items = obj.get(field) if kind == owner else None
        if isinstance(items, list) and len(items) > limit:
            problems.append(f"{where}: {owner} has {len(items)} {field} (max {limit})")
    if kind == "section" and isinstance(obj.get("fields"), list):
        for field_obj in obj["fields"]:
            text = _text_of(field_obj)
            if text is not None and len(text) > 2000:
                problems.append(f"{where}: section field is {len(text)} characters (max 2000)")
    return problems


def _object_problems(key: str, obj: dict[str, Any], where: str) -> list[str]:
    """Limits on one object inside a block (the block itself, an element, an option...)."""
    problems = _size_problems(obj, where)
    kind = obj.get("type")
    for field in ("action_id", "block_id"):
        value = obj.get(field)
        if isinstance(value, str) and len(value) > ID_MAX:
            problems.append(f"{where}: {field} is {len(value)} characters (max {ID_MAX})")
    for owner, field in PLAIN_TEXT_ONLY:
        text_obj = obj.get(field) if kind == owner else None
        if isinstance(text_obj, dict) and text_obj.get("type") != "plain_text":
            problems.append(f"{where}: {owner} {field} must be plain_text")
    if key == "placeholder" and kind != "plain_text":
        problems.append(f"{where}: placeholder must be plain_text")
    if key in OPTION_KEYS and "value" in obj:
        problems += _option_problems(obj, where)
    return problems


def _limit_problems(block: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    action_ids: list[str] = []
    for key, obj in _walk(block):
        problems += _object_problems(key, obj, where)
        if isinstance(obj.get("action_id"), str):
            action_ids.append(obj["action_id"])
    duplicates = sorted({a for a in action_ids if action_ids.count(a) > 1})
    problems += [f"{where}: duplicate action_id {a!r} within the block" for a in duplicates]
    return problems


def _option_problems(option: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    text = _text_of(option.get("text"))
    if text is not None and len(text) > 75:
        problems.append(f"{where}: option text is {len(text)} characters (max 75)")
    description = _text_of(option.get("description"))
    if description is not None and len(description) > 75:
        problems.append(f"{where}: option description is {len(description)} characters (max 75)")
    value = option.get("value")
    if isinstance(value, str) and len(value) > 150:
        problems.append(f"{where}: option value is {len(value)} characters (max 150)")
    return problems


def check_blocks(blocks: list[Any], *, max_blocks: int) -> list[str]:
    """Problems of a list of blocks (a message's or a view's)."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (max {max_blocks})")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        problems += _sdk_problems(block, where)
        if not isinstance(block, dict):
            continue
        problems += _limit_problems(block, where)
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen:
                problems.append(f"{where}: duplicate block_id {block_id!r}")
            seen.add(block_id)
    return problems


def _view_field_problems(view: dict[str, Any]) -> list[str]:
    """The view's own fields: names, title/submit/close, private_metadata, ids."""
    unknown = sorted(view.keys() - View.attributes - {"app_installed_team_id"})
    problems = [f"view: unknown field {k!r}" for k in unknown]
    for field in ("title", "submit", "close"):
        value = view.get(field)
        if value is not None and (not isinstance(value, dict) or value.get("type") != "plain_text"):
            problems.append(f"view: {field} must be a plain_text object")
        text = _text_of(value)
        if text is not None and len(text) > MODAL_TEXT_MAX:
            problems.append(f"view: {field} is {len(text)} characters (max {MODAL_TEXT_MAX})")
    metadata = view.get("private_metadata")
    if isinstance(metadata, str) and len(metadata) > PRIVATE_METADATA_MAX:
        problems.append(
            f"view: private_metadata is {len(metadata)} characters (max {PRIVATE_METADATA_MAX})"
        )
    for field in ("callback_id", "external_id"):
        value = view.get(field)
        if isinstance(value, str) and len(value) > ID_MAX:
            problems.append(f"view: {field} is {len(value)} characters (max {ID_MAX})")
    return problems


def check_view(view: dict[str, Any]) -> list[str]:
    """Problems of a modal or Home tab view."""
    problems = _view_field_problems(view)
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("view: blocks must be an array")
        blocks = []
    if view.get("type") == "modal":
        if view.get("title") is None:
            problems.append("view: a modal needs a title")
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and view.get("submit") is None:
            problems.append("view: a modal with input blocks needs a submit button")
    problems += [f"view: {m}" for m in check_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS)]
    if not problems:
        # slack_sdk's own View checks as a backstop; it stops at its first failure, so it
        # runs last, when the more precise checks above found nothing.
        known = {k: v for k, v in view.items() if k in View.attributes}
        problems += _sdk_view_problems(json.dumps(known, sort_keys=True))
    return problems


@functools.lru_cache(maxsize=1024)
def _sdk_view_problems(key: str) -> tuple[str, ...]:
    """slack_sdk's View checks of one view, by its JSON (the same modal opens many times)."""
    try:
        View(**json.loads(key)).to_dict()
    except SlackObjectFormationError as e:
        return (f"view: {e}",)
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        return (f"view: malformed: {e}",)
    return ()
