"""manifest.yml is a valid Slack app manifest and matches what the code handles and calls."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from slack_sdk import WebClient

from slack_app.blocks.ids import Command
from slack_app.flows import EVENTS, SUBSCRIPTIONS
from slack_app.slack.scopes import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tests" / "slack_spec"

# The granular bot scope each Web API method needs, from Slack's method docs (the OpenAPI
# spec in tests/slack_spec predates granular bot scopes, so it lists e.g. chat:write:bot).
# A method the code starts calling must be added here, so the scope question is asked.
METHOD_SCOPES: dict[str, set[str]] = {
    "auth.test": set(),
    "chat.postEphemeral": {"chat:write"},
    "chat.postMessage": {"chat:write"},
    "chat.update": {"chat:write"},
    # Public and private pilot channels: both kinds of scope for each channel method.
    "conversations.create": {"channels:manage", "groups:write"},
    # … and the app's own DMs, where a DM in doubt after a failure is looked for.
    "conversations.history": {"channels:history", "groups:history", "im:history"},
    "conversations.info": {"channels:read", "groups:read"},
    "conversations.invite": {"channels:manage", "groups:write"},
    "conversations.join": {"channels:join"},
    "conversations.members": {"channels:read", "groups:read"},
    "conversations.list": {"channels:read", "groups:read"},
    "conversations.open": {"im:write"},
    "conversations.replies": {"channels:history", "groups:history"},
    "pins.add": {"pins:write"},
    "users.info": {"users:read"},
    "views.open": set(),
    "views.publish": set(),
    "views.update": set(),
}
# Events the Events API catalogue (tests/slack_spec) does not list, with the scopes Slack gives.
EVENT_SCOPES_NOT_IN_CATALOGUE: dict[str, set[str]] = {"app_home_opened": set()}
# Scopes that come from features rather than method calls.
FEATURE_SCOPES = {"commands"}  # slash commands


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return data


def web_api_methods_called() -> set[str]:
    """Every ``<client>.<method>(...)`` call in the app's source, as Slack method names."""
    web_methods = {name for name in dir(WebClient) if re.fullmatch(r"[a-z]+(_[a-zA-Z]+)+", name)}
    methods = set()
    for path in (ROOT / "slack_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in web_methods
            ):
                methods.add(node.func.attr.replace("_", "."))
    return methods


def event_scopes(event: str) -> set[str]:
    catalogue = json.loads((SPEC / "slack_events_api_async_v1.json").read_text())["topics"]
    topic = catalogue.get(event.replace("_", "."))
    if topic is None:
        return EVENT_SCOPES_NOT_IN_CATALOGUE[event]
    return set(topic["subscribe"].get("x-scopes-required", []))


def test_the_manifest_is_valid_against_slacks_schema() -> None:
    schema = json.loads((SPEC / "manifest-schema" / "manifest.schema.1.0.0.json").read_text())
    problems = [
        error.message for error in jsonschema.Draft7Validator(schema).iter_errors(manifest())
    ]
    assert problems == []


def test_the_manifest_declares_bot_home_tab_interactivity_and_socket_mode() -> None:
    features, settings = manifest()["features"], manifest()["settings"]
    assert features["bot_user"]["display_name"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True  # the app DMs people
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True


def test_every_command_handled_is_declared_and_every_declared_is_handled() -> None:
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert declared == {str(name) for name in Command}
    for command in manifest()["features"]["slash_commands"]:
        assert command["description"]
        assert command["usage_hint"]


def test_every_event_handled_is_subscribed_and_every_subscription_is_handled() -> None:
    assert set(manifest()["settings"]["event_subscriptions"]["bot_events"]) == set(SUBSCRIPTIONS)
    assert set(SUBSCRIPTIONS.values()) == set(EVENTS)


def test_the_code_calls_only_methods_whose_scopes_are_known() -> None:
    unknown = web_api_methods_called() - set(METHOD_SCOPES)
    assert not unknown, f"add the scopes of {sorted(unknown)} to METHOD_SCOPES"


def test_bot_scopes_are_exactly_what_the_code_needs() -> None:
    needed = set(FEATURE_SCOPES)
    for method in web_api_methods_called():
        needed |= METHOD_SCOPES[method]
    for event in SUBSCRIPTIONS:
        needed |= event_scopes(event)

    declared = set(manifest()["oauth_config"]["scopes"]["bot"])

    assert declared - needed == set(), "declared but never used"
    assert needed - declared == set(), "used but not declared"


def test_the_scan_finds_the_calls_it_should() -> None:
    # Guards the guard: if the AST scan broke, the scope test above would pass vacuously.
    assert {"chat.postMessage", "views.open", "views.publish", "users.info"} <= (
        web_api_methods_called()
    )


def test_an_oauth_install_asks_for_the_manifests_scopes() -> None:
    assert set(BOT_SCOPES) == set(manifest()["oauth_config"]["scopes"]["bot"])
    assert len(BOT_SCOPES) == len(set(BOT_SCOPES))


def test_the_manifest_offers_oauth_installs_and_the_org_wide_install() -> None:
    oauth, settings = manifest()["oauth_config"], manifest()["settings"]
    assert [url.rsplit("/", 2)[-2:] for url in oauth["redirect_urls"]] == [
        ["slack", "oauth_redirect"]
    ]
    assert settings["org_deploy_enabled"] is True
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
