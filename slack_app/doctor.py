"""`slack-app doctor`: is the token good (each installation's, with OAuth installs), and does
it have exactly the scopes manifest.yml asks?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.domain.workspace import Workspace
from slack_app.slack.errors import error_code

if TYPE_CHECKING:
    from slack_app.installs import Installs


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


def run_installs_doctor(installs: Installs, manifest: Path) -> tuple[int, list[str]]:
    """Each installation: where, since when, whether Slack takes its token, and its scopes
    against the manifest's. Exit code 1 when a token is refused or a scope is missing."""
    wanted = manifest_scopes(manifest)
    bots = installs.store.all_bots()
    lines = [f"OAuth installs: {len(bots)} installation(s)."]
    healthy = True
    for bot in bots:
        org_wide = bool(bot.is_enterprise_install)
        where = f"org {bot.enterprise_id} (org-wide)" if org_wide else f"workspace {bot.team_id}"
        name = bot.enterprise_name if org_wide else bot.team_name
        granted = {s.strip() for s in (bot.bot_scopes or []) if s.strip()}
        missing, extra = sorted(wanted - granted), sorted(granted - wanted)
        token_ok, token = _token_state(installs, bot.team_id, bot.enterprise_id)
        healthy = healthy and token_ok
        day = datetime.fromtimestamp(bot.installed_at, UTC).date().isoformat()
        lines.append(f"- {where} ({name or 'unnamed'}), installed {day}: {token}")
        if missing:
            healthy = False
            lines.append("  missing scopes (reinstall the app there): " + ", ".join(missing))
        if extra:
            lines.append("  extra scopes (not in manifest.yml): " + ", ".join(extra))
        if not missing and not extra:
            lines.append(f"  scopes match manifest.yml ({len(wanted)} scopes)")
    return (0 if healthy else 1), lines


def _token_state(installs: Installs, team: str | None, org: str | None) -> tuple[bool, str]:
    """Whether Slack takes the installation's token, and that in words."""
    client = installs.clients.of(Workspace(team or "", org))
    if client is None:
        return False, "no token"
    try:
        client.auth_test()
    except SlackApiError as error:
        return False, f"Slack refuses its token ({error_code(error)})"
    except OSError as error:
        return False, f"Slack did not answer ({type(error).__name__})"
    return True, "token OK"
