"""The Slack workspace (or Enterprise Grid org) that every row and query belongs to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Workspace:
    """A Slack workspace, as Slack names it on every request.

    Every stored row carries both ids and every query is scoped by them, so that one
    database can serve many workspaces without one ever seeing another's data.
    """

    team_id: str
    enterprise_id: str | None = None
