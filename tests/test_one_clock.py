"""One clock: fixtures name no calendar dates outside tests of calendar rules, and no test
sleeps a fixed time. (Reads of the process clock are refused by ruff's banned-api rule,
TID251 in pyproject.toml, everywhere but the clock modules.)

A fixture that names a date passes in the weeks it was written and fails on another day;
these checks find it before the calendar does.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Tests of calendar rules pin their dates (and their expectations) on purpose.
CALENDAR_TESTS = {
    "tests/domain/test_decisions.py",  # working days, and when a reminder falls due
    "tests/domain/test_schedules.py",  # daylight saving, cadences, month ends
    "tests/domain/test_team_roster.py",  # a known Slack ts and its UTC instant
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _sources(folder: str) -> Iterator[tuple[str, ast.AST]]:
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _calendar_dates(tree: ast.AST) -> Iterator[ast.AST]:
    """`date(2026, …)`, `datetime(year=2026, …)` or "2026-12-01…": a literal names a day."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if ISO_DATE.match(node.value):
                yield node
            continue
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in ("date", "datetime"):
            continue
        year = (
            node.args[0]
            if node.args
            else next((k.value for k in node.keywords if k.arg == "year"), None)
        )
        if isinstance(year, ast.Constant):
            yield node


def _sleeps(tree: ast.AST) -> Iterator[ast.Call]:
    """`time.sleep(…)`, or `sleep(…)` imported from time."""
    imported = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "time"
        and any(alias.name == "sleep" for alias in node.names)
        for node in ast.walk(tree)
    )
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "sleep":
            if isinstance(func.value, ast.Name) and func.value.id == "time":
                yield node
        elif isinstance(func, ast.Name) and func.id == "sleep" and imported:
            yield node


def test_fixtures_name_no_calendar_dates_outside_tests_of_calendar_rules() -> None:
    found = [
        f"{name}:{getattr(node, 'lineno', '?')}"
        for name, tree in _sources("tests")
        if name not in CALENDAR_TESTS and name != "tests/test_one_clock.py"
        for node in _calendar_dates(tree)
    ]
    assert found == []


def test_no_test_sleeps_a_fixed_time() -> None:
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _sources("tests")
        if Path(name).name.startswith("test_")
        for node in _sleeps(tree)
    ]
    assert found == []


def test_the_checks_find_what_they_look_for() -> None:
    dates = ast.parse(
        "A = date(2026, 12, 1)\nB = datetime(year=2027, month=1, day=2)\n"
        "C = date.fromisoformat('2026-12-01')\nD = START + timedelta(days=87)"
    )
    sleeps = ast.parse("import time\nfrom time import sleep\ntime.sleep(1)\nsleep(2)\n")
    assert sorted({node.lineno for node in _calendar_dates(dates)}) == [1, 2, 3]  # type: ignore[attr-defined]
    assert [node.lineno for node in _sleeps(sleeps)] == [3, 4]
