"""`slack-app doctor`: is the token good, and does it have exactly the scopes manifest.yml asks?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.slack.errors import error_code


@dataclass(frozen=True, slots=True)
class ScopeReport:
    team: str
    bot_user: str
    missing: list[str]
    extra: list[str]

    @property
    def healthy(self) -> bool:
        return not self.missing


def manifest_scopes(path: Path) -> set[str]:
    manifest: dict[str, Any] = yaml.safe_load(path.read_text())
    return set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))


def check_scopes(client: WebClient, wanted: set[str]) -> ScopeReport:
    """Compare the token's granted scopes (auth.test's x-oauth-scopes header) with ``wanted``."""
    response = client.auth_test()
    header = {k.lower(): v for k, v in response.headers.items()}.get("x-oauth-scopes", "")
    raw = header[0] if isinstance(header, list) else header
    granted = {scope.strip() for scope in str(raw).split(",") if scope.strip()}
    return ScopeReport(
        team=str(response.get("team", "")),
        bot_user=str(response.get("user", "")),
        missing=sorted(wanted - granted),
        extra=sorted(granted - wanted),
    )


def find_manifest() -> Path:
    """manifest.yml in the working directory, else beside the package (a source checkout)."""
    here = Path.cwd() / "manifest.yml"
    return here if here.exists() else Path(__file__).resolve().parents[1] / "manifest.yml"


def run_doctor(client: WebClient, manifest: Path) -> tuple[int, list[str]]:
    """Exit code and the lines to print."""
    wanted = manifest_scopes(manifest)
    try:
        report = check_scopes(client, wanted)
    except SlackApiError as error:
        return 1, [f"auth.test failed: {error_code(error)}. Check SLACK_BOT_TOKEN."]
    except OSError as error:
        return 1, [
            f"Could not reach Slack ({type(error).__name__}). Check SLACK_API_URL and the network."
        ]
    lines = [f"Token OK: bot @{report.bot_user} in workspace {report.team}."]
    if report.missing:
        lines.append(
            "Missing scopes (add them, then reinstall the app): " + ", ".join(report.missing)
        )
    if report.extra:
        lines.append("Extra scopes (granted but not in manifest.yml): " + ", ".join(report.extra))
    if not report.missing and not report.extra:
        lines.append(f"Scopes match manifest.yml ({len(wanted)} scopes).")
    return (0 if report.healthy else 1), lines
