"""One clock: the app reads the process clock in one module, the tests in theirs, fixtures
name no calendar dates outside tests of calendar rules, and no test sleeps a fixed time.

A read of the real date where the test clock belongs passes on the day it was written and
fails on another; these checks find it before the calendar does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Reading "now" from the process: `datetime.now()`, `date.today()`, `time.time()`, …
CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("func", "now"),  # the database's clock
}
APP_CLOCK = {"slack_app/clock.py"}
TEST_CLOCK = {
    "tests/support/clock.py",  # the run's epoch, and the signature header's time
    "tests/__main__.py",  # picks the daylight-saving weekend for a shifted run
    "tests/support/time_travel.py",  # moves the process clock for a shifted run
}
# Tests of calendar rules pin their dates (and their expectations) on purpose.
CALENDAR_TESTS = {
    "tests/domain/test_decisions.py",  # working days, and when a reminder falls due
    "tests/domain/test_schedules.py",  # daylight saving, cadences, month ends
    "tests/domain/test_team_roster.py",  # a known Slack ts and its UTC instant
}


def _sources(folder: str) -> Iterator[tuple[str, ast.AST]]:
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _called(node: ast.Call) -> tuple[str, str] | None:
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    return None


def _clock_reads(folder: str, allowed: set[str]) -> list[str]:
    return [
        f"{name}:{node.lineno} {'.'.join(called)}()"
        for name, tree in _sources(folder)
        if name not in allowed
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and (called := _called(node)) in CLOCK_READS
    ]


def test_the_app_reads_the_process_clock_in_one_module() -> None:
    assert _clock_reads("slack_app", APP_CLOCK) == []


def test_the_tests_read_only_the_test_clock() -> None:
    assert _clock_reads("tests", TEST_CLOCK) == []


def _calendar_dates(tree: ast.AST) -> Iterator[ast.Call]:
    """`date(2026, …)` or `datetime(2026, …)`: a literal year names a calendar date."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        year = node.args[0]
        if name in ("date", "datetime") and isinstance(year, ast.Constant):
            yield node


def test_fixtures_name_no_calendar_dates_outside_tests_of_calendar_rules() -> None:
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _sources("tests")
        if name not in CALENDAR_TESTS
        for node in _calendar_dates(tree)
    ]
    assert found == []


def test_no_test_sleeps_a_fixed_time() -> None:
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _sources("tests")
        if Path(name).name.startswith("test_")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called(node) == ("time", "sleep")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "finds"),
    [
        ("from datetime import datetime\nx = datetime.now()", True),
        ("import time\nx = time.time()", True),
        ("from datetime import date\nx = date.today()", True),
        ("x = clock.now()", False),
        ("import time\nx = time.monotonic()", False),
    ],
)
def test_the_check_finds_a_read_of_the_process_clock(source: str, finds: bool) -> None:
    tree = ast.parse(source)
    reads = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called(n) in CLOCK_READS]
    assert bool(reads) is finds


def test_the_check_finds_a_calendar_date() -> None:
    tree = ast.parse("START = date(2026, 12, 1)\nEND = START + timedelta(days=87)")
    assert [node.lineno for node in _calendar_dates(tree)] == [1]
