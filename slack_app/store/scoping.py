"""The one filter that keeps every query inside its workspace."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from slack_app.domain.workspace import Workspace
from slack_app.store.models import WorkspaceScoped
from slack_app.store.unit_of_work import WORKSPACE


def in_workspace(model: type[WorkspaceScoped], workspace: Workspace) -> ColumnElement[bool]:
    """WHERE clause matching only rows of ``workspace``.

    Slack's team ids are unique across all of Slack, so the team id alone scopes a row.
    The Enterprise Grid org id is kept on every row as data, not as part of the scope:
    a workspace that later joins an org must keep seeing its own history.
    """
    return model.team_id == workspace.team_id


def unless_scoped(
    session: Session, model: type[WorkspaceScoped], workspace: Workspace
) -> tuple[ColumnElement[bool], ...]:
    """The filter a repository adds itself: none in a unit of work's session for
    ``workspace`` (its hook adds ``team_id`` to every statement), ``in_workspace`` in a
    session the hook does not scope: one across workspaces (the scheduler's claims), or
    ``Database.transaction`` in code not yet moved to a unit of work."""
    bound: Workspace | None = session.info.get(WORKSPACE)
    if bound is not None and bound.team_id == workspace.team_id:
        return ()
    return (in_workspace(model, workspace),)
