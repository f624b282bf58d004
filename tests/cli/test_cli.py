"""`slack-app` as an operator runs it: a real subprocess, real environment variables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path

import httpx
import pytest

from slack_app import cli
from tests.conftest import ALICE, BOT_TOKEN, SIGNING_SECRET
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.databases import fresh_database_url
from tests.support.signed import SlackSender
from tests.support.waiting import eventually

# The settings and the database named in them are the test's own (a subprocess, a file in
# tmp_path): the same on every run, so these run once, in the SQLite run.
DATABASE_FREE = pytest.mark.database_free

SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_REDIRECT_URI",
    "UNINSTALL_KEEP_DAYS",
    "SLACK_API_URL",
    "DATABASE_URL",
    "PORT",
    "LOG_LEVEL",
)


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update(values)
    return env


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "slack_app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def serve(
    *args: str, cwd: Path, env: dict[str, str], output: int = subprocess.PIPE
) -> subprocess.Popen[str]:
    """`slack-app serve` on 127.0.0.1, running; its output (with stderr) on ``output``."""
    return subprocess.Popen(
        [sys.executable, "-m", "slack_app", "serve", *args, "--host", "127.0.0.1"],
        cwd=cwd,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@DATABASE_FREE
def test_serve_with_no_settings_says_what_is_missing_and_exits_2(tmp_path: Path) -> None:
    result = run("serve", cwd=tmp_path, env=clean_env())

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLACK_BOT_TOKEN is not set" in lines[0]
    assert "SLACK_SIGNING_SECRET is not set" in lines[0]
    assert "Traceback" not in result.stderr


@DATABASE_FREE
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PORT", "eighty", "PORT is malformed"),
        ("PORT", "70000", "PORT is malformed"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token-secret", "SLACK_BOT_TOKEN is not a bot token"),
        ("SLACK_APP_TOKEN", "xoxb-not-an-app-token", "SLACK_APP_TOKEN is not an app-level token"),
        ("DATABASE_URL", "mysql://db/stand", "DATABASE_URL names a database Stand does not"),
        ("DATABASE_URL", "::nonsense::", "DATABASE_URL is not a database URL"),
        ("SLACK_API_URL", "example.invalid/api", "SLACK_API_URL is not an http(s) URL"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL is malformed"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line_without_its_value(
    tmp_path: Path, name: str, value: str, expected: str
) -> None:
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    env[name] = value

    result = run("serve", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    for secret in (BOT_TOKEN, SIGNING_SECRET, value):
        assert secret not in result.stderr


@DATABASE_FREE
def test_settings_can_come_from_a_dot_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nPORT=not-a-port\n")

    result = run("serve", cwd=tmp_path, env=clean_env())

    assert result.returncode == 2
    assert "PORT is malformed" in result.stderr
    assert "SLACK_BOT_TOKEN" not in result.stderr


def test_serve_refuses_an_old_schema_and_says_to_migrate(tmp_path: Path) -> None:
    with fresh_database_url(tmp_path, migrated=False) as url:
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, DATABASE_URL=url
        )
        result = run("serve", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert "run `slack-app migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_then_tick_runs_due_work_as_of_an_instant(tmp_path: Path, clock: Clock) -> None:
    at = clock.now().astimezone(timezone(timedelta(hours=1))).isoformat()  # e.g. …T09:00:00+01:00
    with fresh_database_url(tmp_path, migrated=False) as url:
        env = clean_env(DATABASE_URL=url)
        migrated = run("migrate", cwd=tmp_path, env=env)
        tick = run("tick", "--at", at, cwd=tmp_path, env=env)

    assert migrated.returncode == 0, migrated.stderr
    assert "head" in migrated.stdout
    assert tick.returncode == 0, tick.stderr
    assert f"as of {at}" in tick.stdout


@DATABASE_FREE
def test_tick_at_what_is_no_instant_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Refused by the argument's own reading, before any setting or database is looked at."""
    with pytest.raises(SystemExit) as refused:
        cli.main(["tick", "--at", "next tuesday"])

    assert refused.value.code == 2
    assert "not an ISO-8601 instant" in capsys.readouterr().err


@DATABASE_FREE
def test_the_default_database_is_a_sqlite_file_in_a_data_directory(tmp_path: Path) -> None:
    result = run("migrate", cwd=tmp_path, env=clean_env())

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "stand.db").exists()


@pytest.fixture
def served(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`slack-app serve --migrate` on a free port, at DEBUG, against the fake Slack."""
    port = free_port()
    with fresh_database_url(tmp_path, migrated=False) as url:
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake_slack.url,
            DATABASE_URL=url,
            PORT=str(port),
            LOG_LEVEL="DEBUG",
        )
        process = serve("--migrate", cwd=tmp_path, env=env)
        try:
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            process.wait(timeout=10)


def healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def test_serve_answers_healthz_within_10_s_and_never_logs_a_secret(
    served: tuple[str, subprocess.Popen[str]], fake_slack: FakeSlack, clock: Clock
) -> None:
    url, process = served
    eventually(lambda: healthy(url), timeout=10)
    assert httpx.get(url + "/healthz").json()["status"] == "ok"
    assert httpx.get(url + "/nowhere").status_code == 404

    sender = SlackSender(
        url, SIGNING_SECRET, team_id=fake_slack.team_id, app_id=fake_slack.app_id, now=clock.now
    )
    assert sender.command("", user=ALICE).status_code == 200
    fake_slack.wait_for("views.open")
    assert sender.command("help", user=ALICE, channel="C0GENERAL1").status_code == 200
    assert sender.post_form({"command": "/stand"}, signature="v0=forged").status_code == 401
    sender.close()

    process.terminate()
    output, _ = process.communicate(timeout=10)
    assert "auth.test" in output  # DEBUG logging did show the Slack traffic…
    assert BOT_TOKEN not in output  # …but never a secret.
    assert SIGNING_SECRET not in output
    assert "xoxb-" not in output
    assert "will be unused" not in output  # no misleading warning for operators
    assert output.count("Context impl") <= 2  # health probes do not flood the log


@DATABASE_FREE
def test_socket_mode_without_an_app_token_says_what_to_set(tmp_path: Path) -> None:
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN)

    result = run("serve", "--socket", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert "SLACK_APP_TOKEN is not set" in result.stderr
    assert "SLACK_SIGNING_SECRET" not in result.stderr  # Socket Mode needs no signing secret


@DATABASE_FREE
def test_an_unreachable_database_is_named_in_one_line(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://stand:hunter2secret@127.0.0.1:{port}/stand"

    result = run("migrate", cwd=tmp_path, env=clean_env(DATABASE_URL=url))

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("slack-app: DATABASE_URL: the database cannot be used")
    assert "hunter2secret" not in result.stderr
    assert "Traceback" not in result.stderr


@DATABASE_FREE
def test_socket_mode_needs_no_signing_secret_and_connects_with_the_app_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from slack_app import cli

    started: list[SocketModeHandler] = []

    def start(self: SocketModeHandler) -> None:
        started.append(self)

    monkeypatch.setattr(SocketModeHandler, "start", start)
    monkeypatch.chdir(tmp_path)
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0APP00001-123-abc")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'stand.db'}")

    assert cli.main(["serve", "--migrate"]) == 0

    [handler] = started
    assert handler.app_token == "xapp-1-A0APP00001-123-abc"
    errors = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" not in errors
    assert "Traceback" not in errors


def test_serve_with_a_token_slack_refuses_stops_in_one_line(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    with fresh_database_url(tmp_path, migrated=True) as url:
        env = clean_env(
            SLACK_BOT_TOKEN="xoxb-not-this-apps-token",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake_slack.url,
            DATABASE_URL=url,
            PORT=str(free_port()),
        )
        result = run("serve", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "slack-app: SLACK_BOT_TOKEN: Slack refuses it (invalid_auth). Copy the Bot User OAuth "
        "Token (xoxb-…) from the app's OAuth & Permissions page."
    )
    assert "Traceback" not in result.stderr
    assert "xoxb-not" not in result.stderr + result.stdout


def test_serve_with_slack_unreachable_starts_and_answers_without_a_traceback(
    tmp_path: Path, fake_slack: FakeSlack, clock: Clock
) -> None:
    port = free_port()
    with fresh_database_url(tmp_path, migrated=True) as url:
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/",  # nobody listens
            DATABASE_URL=url,
            PORT=str(port),
        )
        process = serve(cwd=tmp_path, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            eventually(lambda: healthy(base), timeout=10)
            sender = SlackSender(
                base, SIGNING_SECRET, team_id=fake_slack.team_id, app_id="A0", now=clock.now
            )
            response = sender.command("", user=ALICE)
            sender.close()
        finally:
            process.terminate()
            output, _ = process.communicate(timeout=10)

    assert response.status_code == 200
    assert "still connecting to Slack" in response.json()["text"]
    assert "Traceback" not in output
    assert "Slack did not answer auth.test: URLError" in output
