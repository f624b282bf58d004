"""`slack-app doctor` compares the token's scopes with manifest.yml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from slack_sdk.oauth.installation_store import Installation

from slack_app import cli
from slack_app.installs import Installs
from slack_app.store.database import Database
from tests.cli.test_cli import clean_env
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock
from tests.support.many_workspaces import ACME, BETA, oauth_settings

ROOT = Path(__file__).resolve().parents[2]


def manifest_scopes() -> set[str]:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return set(manifest["oauth_config"]["scopes"]["bot"])


def doctor(fake: FakeSlack, cwd: Path, token: str = BOT_TOKEN) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "slack_app", "doctor", "--manifest", str(ROOT / "manifest.yml")],
        cwd=cwd,
        env=clean_env(SLACK_BOT_TOKEN=token, SLACK_API_URL=fake.url),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.database_free  # no database: Slack's answer against manifest.yml
def test_doctor_is_happy_when_scopes_match(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.scopes = manifest_scopes()

    result = doctor(fake_slack, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Token OK" in result.stdout
    assert "Scopes match manifest.yml" in result.stdout
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


@pytest.mark.database_free
def test_doctor_names_missing_and_extra_scopes(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.scopes = (manifest_scopes() - {"users:read"}) | {"files:write"}

    result = doctor(fake_slack, tmp_path)

    assert result.returncode == 1
    assert "Missing scopes (add them, then reinstall the app): users:read" in result.stdout
    assert "Extra scopes (granted but not in manifest.yml): files:write" in result.stdout


@pytest.mark.database_free
def test_doctor_reports_a_refused_token(fake_slack: FakeSlack, tmp_path: Path) -> None:
    result = doctor(fake_slack, tmp_path, token="xoxb-someone-elses-token")

    assert result.returncode == 1
    assert "invalid_auth" in result.stdout
    assert "xoxb-someone-elses-token" not in result.stdout + result.stderr


def test_doctor_lists_each_installation_with_its_token_and_scopes(
    clock: Clock,
    database_url: str,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with SlackCloud(clock) as cloud:
        settings = oauth_settings(cloud, database_url)
        store = Installs(settings, db, clock.now).store
        acme = cloud.add_workspace(ACME, name="Acme", tag="0ACM")
        beta = cloud.add_workspace(BETA, name="Beta", tag="0BET")
        for fake, scopes in ((acme, manifest_scopes()), (beta, manifest_scopes() - {"users:read"})):
            store.save(
                Installation(
                    app_id=fake.app_id,
                    team_id=fake.team_id,
                    team_name=fake.workspace.team_name,
                    bot_token=cloud.granted(fake),
                    bot_id=fake.bot_id,
                    bot_user_id=fake.bot_user_id,
                    bot_scopes=sorted(scopes),
                    user_id="U0INSTALL1",
                    installed_at=clock.now().timestamp(),
                )
            )
        cloud.uninstall(beta)  # its token no longer works
        for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        env = {
            "SLACK_CLIENT_ID": cloud.client_id,
            "SLACK_CLIENT_SECRET": cloud.client_secret,
            "SLACK_API_URL": cloud.url,
            "DATABASE_URL": database_url,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)

        code = cli.main(["doctor", "--manifest", str(ROOT / "manifest.yml")])

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[0] == "OAuth installs: 2 installation(s)."
    acme_line = next(i for i, line in enumerate(lines) if f"workspace {ACME} (Acme)" in line)
    assert lines[acme_line].endswith(": token OK")
    assert lines[acme_line + 1] == f"  scopes match manifest.yml ({len(manifest_scopes())} scopes)"
    beta_line = next(i for i, line in enumerate(lines) if f"workspace {BETA} (Beta)" in line)
    assert lines[beta_line].endswith(": Slack refuses its token (invalid_auth)")
    assert lines[beta_line + 1] == "  missing scopes (reinstall the app there): users:read"
