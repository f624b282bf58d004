"""The whole test command: lint, types, the import layers, then the suite on SQLite and on
PostgreSQL, the scenario tier's SQLite run being two halves, each with the process clock
and the test clock moved a different way.

Run it as `uv run --frozen python -m tests` (the README's test command does, after
installing uv). PostgreSQL comes from STAND_TEST_POSTGRES_URL when set; otherwise a
throwaway PostgreSQL 15 server is started here (as the `postgres` user when run as root,
since PostgreSQL refuses to run as root) and removed afterwards. The shifted-clock runs move
the process clock with time-machine (tests/support/time_travel.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from tests.support.postgres import throwaway_postgres
from tests.support.shifted import a_year_ahead, on_a_daylight_saving_weekend
from tests.support.time_travel import ENV as SHIFT

SHARD = "STAND_TEST_SHARD"  # tests/conftest.py: run one share of the collected tests

# Listeners wait on sockets and threads more than on the CPU: four workers fill two cores.
WORKERS = "4"
# The tier the shifted-clock runs run: every flow, through the app in-process, where
# the test clock and the process clock can be told apart (tests/cli's subprocesses keep
# the real clock). The other tiers are held to the same rules by tests/test_one_clock.py
# and ruff's banned-api rule, in every run.
DATED_TIER = ("tests/scenarios",)
# Run in the SQLite run only: tests that touch no database, and the hostile tier's tests of
# who and what is refused (the door, other workspaces, strangers, Slack away), whose outcome
# is decided before or above the store; its test of text the database refuses (a NUL) runs
# on both. Together they were 60-90 s of the PostgreSQL run.
SQLITE_ONLY = (
    "tests/domain",
    "tests/fakeslack",
    "tests/hostile/test_anything_at_the_door.py",
    "tests/hostile/test_gate.py",
    "tests/hostile/test_payload_shapes.py",
    "tests/hostile/test_shielded_pilots.py",
    "tests/hostile/test_slack_away.py",
    "tests/hostile/test_who_may_join.py",
    "tests/hostile/test_workspaces.py",
    "tests/installs/test_install_door.py",
)


def step(title: str, *command: str, env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(command)}", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, env=env, check=False)
    print(f"=== {title}: {time.monotonic() - started:.0f} s", flush=True)
    if result.returncode != 0:
        print(f"\n=== FAILED: {title}", flush=True)
        sys.exit(result.returncode)


def main(pytest_args: list[str]) -> None:
    step("ruff check", "ruff", "check", ".")
    step("ruff format", "ruff", "format", "--check", ".")
    step("mypy", "mypy")
    step("import layers", "lint-imports", "--no-cache")
    # worksteal: an idle worker takes queued tests from a busy one, so the few long
    # process tests do not leave the others idle at the end (PostgreSQL: 288 s -> 215 s).
    pytest = [sys.executable, "-m", "pytest", "-n", WORKERS, "--dist", "worksteal", "-q"]
    pytest += pytest_args
    # The process clock stays where it is outside the shifted runs; STAND_TEST_CLOCK, when
    # given, replays a run's epoch in the first two.
    base = {
        k: v for k, v in os.environ.items() if k not in ("STAND_TEST_POSTGRES_URL", SHIFT, SHARD)
    }
    # Every run and every process a test starts would otherwise compile the app (and pytest
    # rewrite the tests) from source again.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    # On SQLite the scenario tier runs in the two shifted runs below, not here as well: each
    # scenario still runs on both databases, and three times in all, on three clocks (the
    # PostgreSQL run's epoch is today). Running it a fourth time cost 85-120 s of the 10
    # minutes the whole command may take on two cores.
    step("tests on SQLite", *pytest, *_undated(pytest_args), env=base)
    # The domain and the fake of Slack know no database (import-linter keeps the domain from
    # importing one): they run once, in the SQLite run, with SQLITE_ONLY's others and the
    # tests marked database_free (the CLI's own settings and files).
    once = [] if _picked(pytest_args) else ["-m", "not database_free"]
    on_postgres = [*pytest, *once, *_undated(pytest_args, SQLITE_ONLY)]
    given = os.environ.get("STAND_TEST_POSTGRES_URL")
    if given:
        step("tests on PostgreSQL", *on_postgres, env={**base, "STAND_TEST_POSTGRES_URL": given})
    else:
        with throwaway_postgres() as url:
            step("tests on PostgreSQL", *on_postgres, env={**base, "STAND_TEST_POSTGRES_URL": url})
    dated, now = _dated(pytest, pytest_args), _process_now()
    # Each scenario runs on SQLite once more, with the clocks moved: a fixed half of the
    # tier (by each test's id) with the process clock a year ahead and the epoch just
    # before a daylight-saving change, the other half the other way round. Every scenario
    # thus runs on two days (PostgreSQL's is today) and with a moved process clock; the
    # whole tier on both clocks cost 3-4 minutes more than the ten the command may take
    # on two cores.
    step(
        "scenarios on SQLite, the process clock a year ahead (half)",
        *dated,
        env={**a_year_ahead(base, now), SHARD: "0/2"},
    )
    step(
        "scenarios on SQLite, the process clock on a daylight-saving weekend (other half)",
        *dated,
        env={**on_a_daylight_saving_weekend(base, now), SHARD: "1/2"},
    )
    print("\n=== all green", flush=True)


def _picked(pytest_args: Sequence[str]) -> bool:
    return any(not arg.startswith("-") for arg in pytest_args)


def _dated(pytest: Sequence[str], pytest_args: Sequence[str]) -> list[str]:
    """The shifted runs run the dated tier, or what the caller picked."""
    return [*pytest, *([] if _picked(pytest_args) else DATED_TIER)]


def _undated(pytest_args: Sequence[str], tiers: Sequence[str] = DATED_TIER) -> list[str]:
    """A run leaves ``tiers`` (the first SQLite run: the dated tier, to the shifted runs),
    unless the caller picked what to run (then every run runs that)."""
    return [] if _picked(pytest_args) else [f"--ignore={tier}" for tier in tiers]


def _process_now() -> datetime:
    return datetime.fromtimestamp(time.time(), UTC)


if __name__ == "__main__":
    main(sys.argv[1:])
