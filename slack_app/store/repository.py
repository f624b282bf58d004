"""What every repository shares: it is built from a unit of work, and only from one.

A repository adds no filter and stamps no row of its own; it relies on the unit of work's
hooks, which scope every statement to its workspace. Taking the unit of work, not a
session, is what keeps a session opened across workspaces (the scheduler's claims) out of
a repository: there is no other way to build one.
"""

from __future__ import annotations

from slack_app.store.unit_of_work import UnitOfWork


class Repository:
    def __init__(self, uow: UnitOfWork) -> None:
        self._session = uow.session  # opens the unit of work's transaction, as any use would
        self._workspace = uow.workspace
