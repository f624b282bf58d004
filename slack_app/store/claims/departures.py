"""Workspaces (and orgs) that uninstalled Stand: recorded, found when their data is due to
be deleted, and forgotten once it is gone or the workspace came back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from slack_app.domain.workspace import Workspace
from slack_app.store.models import DepartureRow, bots
from slack_app.store.upsert import upsert
from slack_app.store.workspace_data import kept_tables


@dataclass(frozen=True, slots=True)
class Departure:
    key: str
    enterprise_id: str | None
    team_id: str | None  # None: every workspace of the org
    purge_after: datetime


def departure_key(enterprise_id: str | None, team_id: str | None) -> str:
    return team_id if team_id else f"{enterprise_id or ''}/"


def depart(
    session: Session,
    *,
    enterprise_id: str | None,
    team_id: str | None,
    at: datetime,
    purge_after: datetime,
    why: str,
) -> None:
    """Record a departure; one already recorded keeps its first date."""
    key = departure_key(enterprise_id, team_id)
    row = {
        "key": key,
        "enterprise_id": enterprise_id,
        "team_id": team_id,
        "departed_at": at,
        "purge_after": purge_after,
        "why": why,
    }
    session.execute(upsert(session, DepartureRow).values(row).on_conflict_do_nothing())


def due_departures(session: Session, now: datetime) -> list[Departure]:
    query = select(DepartureRow).where(DepartureRow.purge_after <= now).order_by(DepartureRow.key)
    return [
        Departure(row.key, row.enterprise_id, row.team_id, row.purge_after)
        for row in session.scalars(query)
    ]


def departures_of(
    session: Session, *, enterprise_id: str | None, team_id: str | None
) -> list[Departure]:
    """The departures a (re)install of this workspace (or org, ``team_id`` None) answers:
    its own; for a workspace of an org, its org's; for an org, its workspaces' too."""
    keys = {departure_key(enterprise_id, team_id)}
    if enterprise_id and team_id:
        keys.add(departure_key(enterprise_id, None))
    found: ColumnElement[bool] = DepartureRow.key.in_(keys)
    if enterprise_id and not team_id:  # an org-wide install answers its workspaces' too
        found = or_(found, DepartureRow.enterprise_id == enterprise_id)
    query = select(DepartureRow).where(found)
    return [
        Departure(row.key, row.enterprise_id, row.team_id, row.purge_after)
        for row in session.scalars(query)
    ]


def forget_departure(session: Session, key: str) -> None:
    session.execute(delete(DepartureRow).where(DepartureRow.key == key))


def workspaces_of(session: Session, departure: Departure) -> list[Workspace]:
    """The workspaces whose data a departure deletes, while Stand holds any row of them: its
    own, or each of its org's but those installed on their own."""
    kept = [k.model for k in kept_tables()]
    if departure.team_id and _still_installed(session, departure):
        return []  # back through its org's install (or its own): it is served again
    if departure.team_id:
        picks = [select(m.team_id).where(m.team_id == departure.team_id) for m in kept]
    elif departure.enterprise_id:
        picks = [select(m.team_id).where(m.enterprise_id == departure.enterprise_id) for m in kept]
    else:
        return []  # names no workspace and no org: never "every workspace of no org"
    teams = set(session.scalars(union(*picks)))
    if departure.team_id is None:
        installed_alone = select(bots.c.team_id).where(
            bots.c.enterprise_id == departure.enterprise_id, bots.c.team_id.is_not(None)
        )
        teams -= set(session.scalars(installed_alone))
    return [Workspace(team, enterprise_id=departure.enterprise_id) for team in sorted(teams)]


def _still_installed(session: Session, departure: Departure) -> bool:
    """Whether a departed workspace has an installation again: its own, or its org's."""
    own = bots.c.team_id == departure.team_id
    if departure.enterprise_id:
        own = or_(
            own, and_(bots.c.enterprise_id == departure.enterprise_id, bots.c.team_id.is_(None))
        )
    return session.scalar(select(bots.c.id).where(own).limit(1)) is not None
