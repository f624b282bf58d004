"""The one filter that keeps every query inside its workspace."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from slack_app.domain.workspace import Workspace
from slack_app.store.models import WorkspaceScoped


def in_workspace(model: type[WorkspaceScoped], workspace: Workspace) -> ColumnElement[bool]:
    """WHERE clause matching only rows of ``workspace``.

    Slack's team ids are unique across all of Slack, so the team id alone scopes a row.
    The Enterprise Grid org id is kept on every row as data, not as part of the scope:
    a workspace that later joins an org must keep seeing its own history.
    """
    return model.team_id == workspace.team_id
