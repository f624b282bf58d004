"""`slack-app doctor` compares the token's scopes with manifest.yml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.test_cli import clean_env
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.database_free  # no database: Slack's answer against manifest.yml


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


def test_doctor_is_happy_when_scopes_match(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.scopes = manifest_scopes()

    result = doctor(fake_slack, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Token OK" in result.stdout
    assert "Scopes match manifest.yml" in result.stdout
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


def test_doctor_names_missing_and_extra_scopes(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.scopes = (manifest_scopes() - {"users:read"}) | {"files:write"}

    result = doctor(fake_slack, tmp_path)

    assert result.returncode == 1
    assert "Missing scopes (add them, then reinstall the app): users:read" in result.stdout
    assert "Extra scopes (granted but not in manifest.yml): files:write" in result.stdout


def test_doctor_reports_a_refused_token(fake_slack: FakeSlack, tmp_path: Path) -> None:
    result = doctor(fake_slack, tmp_path, token="xoxb-someone-elses-token")

    assert result.returncode == 1
    assert "invalid_auth" in result.stdout
    assert "xoxb-someone-elses-token" not in result.stdout + result.stderr
