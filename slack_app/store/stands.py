"""Every query about stands, scoped to one workspace by the unit of work's session (the only
session the repository accepts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from slack_app.domain.stands import Source, Stand, StandDraft, StandStatus
from slack_app.domain.workspace import Workspace
from slack_app.store.models import StandRow
from slack_app.store.repository import Repository


class StandRepository(Repository):
    """Stands of one workspace: no method can read or change another workspace's rows."""

    def add(self, *, author_id: str, draft: StandDraft, now: datetime) -> Stand:
        if draft.source is None or draft.by_when is None:
            raise ValueError("only a validated draft can be stored")
        row = StandRow(
            author_id=author_id,
            source=draft.source.value,
            situation=draft.situation,
            not_going=draft.not_going,
            going=draft.going,
            by_when=draft.by_when,
            status=StandStatus.DECLARED.value,
            channel_id=draft.channel_id,
            # Claimed for posting by the request that stores it (see claim_declaration).
            declaring_since=now if draft.channel_id else None,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return self._to_domain(row)

    def get(self, stand_id: int) -> Stand | None:
        row = self._row(stand_id)
        return None if row is None else self._to_domain(row)

    def of_author(self, author_id: str, *, limit: int | None = None) -> list[Stand]:
        query = (
            select(StandRow)
            .where(StandRow.author_id == author_id)
            .order_by(StandRow.created_at.desc(), StandRow.id.desc())
            .limit(limit)
        )
        return [self._to_domain(row) for row in self._session.scalars(query)]

    def count_of_author(self, author_id: str) -> int:
        query = select(func.count()).where(StandRow.author_id == author_id)
        return int(self._session.scalar(query) or 0)

    def set_declaration(self, stand_id: int, *, channel_id: str, ts: str) -> Stand:
        row = self._row(stand_id)
        if row is None:
            raise LookupError(stand_id)
        row.channel_id = channel_id
        row.declaration_ts = ts
        row.declaring_since = None
        self._session.flush()
        return self._to_domain(row)

    def claim_first_follower(self, stand_id: int, user_id: str) -> bool:
        """Make ``user_id`` the first follower unless someone already is (one wins a race)."""
        result = self._session.execute(
            update(StandRow)
            .where(StandRow.id == stand_id, StandRow.first_follower_id.is_(None))
            .values(first_follower_id=user_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def claim_declaration(self, stand_id: int, *, now: datetime, stale_after: timedelta) -> bool:
        """Take the right to post the declaration; False when it is posted or being posted.

        One conditional UPDATE, so two presses (or two instances) cannot both win.
        """
        result = self._session.execute(
            update(StandRow)
            .where(
                StandRow.id == stand_id,
                StandRow.declaration_ts.is_(None),
                or_(
                    StandRow.declaring_since.is_(None),
                    StandRow.declaring_since < now - stale_after,
                ),
            )
            .values(declaring_since=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def claim_forming(self, stand_id: int, *, now: datetime, stale_after: timedelta) -> bool:
        """Take the right to create the stand's pilot channel (one request at a time)."""
        result = self._session.execute(
            update(StandRow)
            .where(
                StandRow.id == stand_id,
                or_(StandRow.forming_since.is_(None), StandRow.forming_since < now - stale_after),
            )
            .values(forming_since=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def release_forming(self, stand_id: int) -> None:
        self._session.execute(
            update(StandRow)
            .where(StandRow.id == stand_id)
            .values(forming_since=None)
            .execution_options(synchronize_session=False)
        )

    def release_first_follower(self, stand_id: int, user_id: str) -> bool:
        """They left the team: the stand has no first follower until someone else says yes."""
        result = self._session.execute(
            update(StandRow)
            .where(StandRow.id == stand_id, StandRow.first_follower_id == user_id)
            .values(first_follower_id=None)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def release_declaration(self, stand_id: int) -> None:
        """Give up a claim after a failed post, so the author can try again."""
        self._session.execute(
            update(StandRow)
            .where(StandRow.id == stand_id, StandRow.declaration_ts.is_(None))
            .values(declaring_since=None)
            .execution_options(synchronize_session=False)
        )

    def _row(self, stand_id: int) -> StandRow | None:
        query = select(StandRow).where(StandRow.id == stand_id)
        return self._session.scalars(query).one_or_none()

    def _to_domain(self, row: StandRow) -> Stand:
        return Stand(
            id=row.id,
            workspace=Workspace(row.team_id, row.enterprise_id),
            author_id=row.author_id,
            source=Source(row.source),
            situation=row.situation,
            not_going=row.not_going,
            going=row.going,
            by_when=row.by_when,
            status=StandStatus(row.status),
            created_at=row.created_at,
            first_follower_id=row.first_follower_id,
            channel_id=row.channel_id,
            declaration_ts=row.declaration_ts,
        )
