"""The settings that choose between one workspace (a bot token) and OAuth installs (the
app's client id and secret), and the admin commands' own arguments: each mistake said in
one line, exit status 2, nothing started."""

from __future__ import annotations

from pathlib import Path

import pytest

from slack_app import cli
from tests.cli.test_cli import SETTINGS
from tests.conftest import SIGNING_SECRET

pytestmark = pytest.mark.database_free


def main(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    **env: str,
) -> tuple[int, str, str]:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no .env of anyone's
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET is not set"),
        ({"SLACK_CLIENT_SECRET": "s3cret"}, "SLACK_CLIENT_ID is not set"),
        ({"SLACK_CLIENT_ID": " ", "SLACK_CLIENT_SECRET": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"UNINSTALL_KEEP_DAYS": "-1"}, "UNINSTALL_KEEP_DAYS is malformed"),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_CLIENT_ID": "1.2",
                "SLACK_CLIENT_SECRET": "s3cret",
            },
            "are both set",
        ),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1"},
            "Socket Mode serves one workspace",
        ),
    ],
)
def test_a_half_set_or_contradictory_mode_is_said_in_one_line(
    env: dict[str, str],
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, out, err = main(
        ["serve"], monkeypatch, capsys, tmp_path, SLACK_SIGNING_SECRET=SIGNING_SECRET, **env
    )

    assert code == 2
    assert out == ""
    [line] = err.strip().splitlines()
    assert said in line
    assert "s3cret" not in line


@pytest.mark.parametrize("command", ["export", "purge"])
@pytest.mark.parametrize("team", ["acme", "T0ACME0001; DROP TABLE stands", "U0ALICE001", ""])
def test_export_and_purge_take_only_a_workspace_id(
    command: str,
    team: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--team", team], monkeypatch, capsys, tmp_path)

    assert exited.value.code == 2
    assert "is not a Slack workspace id" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()  # no database was even opened


def test_tick_refuses_one_token_for_every_installed_workspace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    both = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}

    code, out, err = main(["tick"], monkeypatch, capsys, tmp_path, **both)

    assert (code, out) == (2, "")
    assert "are both set" in err
    assert not (tmp_path / "data").exists()  # refused before the database was opened
