"""Only the scheduler's claims (``slack_app/store/claims``) work across workspaces.

A session opened across workspaces sees every workspace's rows: the services that open one
may hand it to the claims' functions and to nothing else (not to a repository, whose
queries the session would no longer scope, nor to a query of their own). Read from the
source, so that a new cross-workspace query outside the claims fails here, not in review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import slack_app

APP = Path(slack_app.__file__).parent
CLAIMS = "slack_app.store.claims"
# Where the session across workspaces is made, and where it may be opened and used.
MAKERS = {"store/database.py", "store/unit_of_work.py"}
USERS = ("services/", "store/claims/")


def sources() -> Iterator[tuple[str, str]]:
    for path in sorted(APP.rglob("*.py")):
        yield path.relative_to(APP).as_posix(), path.read_text()


def test_only_the_services_open_a_session_across_workspaces() -> None:
    mentions = {name for name, text in sources() if "across_workspaces" in text}
    assert {name for name in mentions - MAKERS if not name.startswith(USERS)} == set()


def across_blocks(tree: ast.Module) -> Iterator[tuple[str, ast.With]]:
    """Each ``with <db>.across_workspaces() as <session>:``, with its session's name."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        for item in node.items:
            call, name = item.context_expr, item.optional_vars
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "across_workspaces"
                and isinstance(name, ast.Name)
            ):
                yield name.id, node


def misuses(text: str) -> tuple[int, list[str]]:
    """How many sessions across workspaces the module opens, and each use of one that is
    not as an argument of a function imported from the claims."""
    tree = ast.parse(text)
    origin = {
        alias.asname or alias.name: node.module or ""
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    opened = sum(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "across_workspaces"
        for node in ast.walk(tree)
    )
    wrong = [] if opened == len(list(across_blocks(tree))) else ["opened without `with ... as`"]
    for session, block in across_blocks(tree):
        handed = set()
        for node in ast.walk(block):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                for arg in node.args:
                    if isinstance(arg, ast.Name) and arg.id == session:
                        handed.add(id(arg))
                        if not origin.get(node.func.id, "").startswith(CLAIMS):
                            wrong.append(f"line {node.lineno}: given to {node.func.id}")
        for node in ast.walk(block):
            if not isinstance(node, ast.Name) or node.id != session or id(node) in handed:
                continue
            if isinstance(node.ctx, ast.Load):
                wrong.append(f"line {node.lineno}: used other than by a claim")
    return opened, wrong


def test_a_session_across_workspaces_goes_only_to_the_claims() -> None:
    opened, found = 0, {}
    for name, text in sources():
        if name.startswith("services/"):
            count, wrong = misuses(text)
            opened += count
            if wrong:
                found[name] = wrong
    assert found == {}
    assert opened >= 10, "the services' claims were not found: has the pattern changed?"


def test_a_session_handed_to_a_repository_is_caught() -> None:
    """The check itself: a repository (or a query) in a session across workspaces fails it."""
    text = """
from slack_app.store.claims.pilots import approved_pilots
from slack_app.store.pilots import PilotRepository

def start(db, ws):
    with db.across_workspaces() as session:
        approved_pilots(session)
        PilotRepository(session, ws).get(1)
        session.execute("SELECT 1")
"""
    assert misuses(text) == (
        1,
        ["line 8: given to PilotRepository", "line 9: used other than by a claim"],
    )
