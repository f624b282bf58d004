"""The one filter that keeps every query inside its workspace."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from slack_app.domain.workspace import Workspace
from slack_app.store.models import WorkspaceScoped


def in_workspace(model: type[WorkspaceScoped], workspace: Workspace) -> list[ColumnElement[bool]]:
    """WHERE clauses that match only rows of ``workspace`` (team and Enterprise Grid org)."""
    enterprise = (
        model.enterprise_id.is_(None)
        if workspace.enterprise_id is None
        else model.enterprise_id == workspace.enterprise_id
    )
    return [model.team_id == workspace.team_id, enterprise]
