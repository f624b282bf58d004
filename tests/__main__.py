"""The whole test command: lint, types, then the suite on SQLite and on PostgreSQL.

Run it as `uv run --frozen python -m tests` (the README's test command does, after
installing uv). PostgreSQL comes from STAND_TEST_POSTGRES_URL when set; otherwise a
throwaway PostgreSQL 15 server is started here (as the `postgres` user when run as root,
since PostgreSQL refuses to run as root) and removed afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.postgres import throwaway_postgres


def step(title: str, *command: str, env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(command)}", flush=True)
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        print(f"\n=== FAILED: {title}", flush=True)
        sys.exit(result.returncode)


def main(pytest_args: list[str]) -> None:
    step("ruff check", "ruff", "check", ".")
    step("ruff format", "ruff", "format", "--check", ".")
    step("mypy", "mypy")
    pytest = [sys.executable, "-m", "pytest", "-n", "2", "-q", *pytest_args]
    base = {k: v for k, v in os.environ.items() if k != "STAND_TEST_POSTGRES_URL"}
    step("tests on SQLite", *pytest, env=base)
    given = os.environ.get("STAND_TEST_POSTGRES_URL")
    if given:
        step("tests on PostgreSQL", *pytest, env={**base, "STAND_TEST_POSTGRES_URL": given})
    else:
        with throwaway_postgres() as url:
            step("tests on PostgreSQL", *pytest, env={**base, "STAND_TEST_POSTGRES_URL": url})
    print("\n=== all green", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
