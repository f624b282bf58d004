"""Every query about first-follower asks, in a unit of work's session: its hook scopes each
one to the workspace (every caller holds one)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from slack_app.domain.followers import Answer, Ask
from slack_app.store.models import FirstFollowerAskRow
from slack_app.store.repository import Repository


class AlreadyAsked(Exception):
    """This person was already asked about this stand."""


class AskRepository(Repository):
    def add(self, *, stand_id: int, user_id: str, now: datetime) -> Ask:
        row = FirstFollowerAskRow(
            stand_id=stand_id,
            user_id=user_id,
            asked_at=now,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            raise AlreadyAsked from None
        return _to_domain(row)

    def get(self, ask_id: int) -> Ask | None:
        query = select(FirstFollowerAskRow).where(FirstFollowerAskRow.id == ask_id)
        row = self._session.scalars(query).one_or_none()
        return None if row is None else _to_domain(row)

    def exists(self, *, stand_id: int, user_id: str) -> bool:
        query = select(FirstFollowerAskRow.id).where(
            FirstFollowerAskRow.stand_id == stand_id,
            FirstFollowerAskRow.user_id == user_id,
        )
        return self._session.scalar(query) is not None

    def of_stands(self, stand_ids: list[int]) -> list[Ask]:
        query = (
            select(FirstFollowerAskRow)
            .where(FirstFollowerAskRow.stand_id.in_(stand_ids))
            .order_by(FirstFollowerAskRow.id)
        )
        return [_to_domain(row) for row in self._session.scalars(query)]

    def remove(self, ask_id: int) -> None:
        self._session.execute(delete(FirstFollowerAskRow).where(FirstFollowerAskRow.id == ask_id))

    def set_dm(self, ask_id: int, *, channel_id: str, ts: str) -> None:
        self._session.execute(
            update(FirstFollowerAskRow)
            .where(FirstFollowerAskRow.id == ask_id)
            .values(dm_channel_id=channel_id, dm_ts=ts)
        )

    def answer(self, ask_id: int, *, answer: Answer, note: str | None, now: datetime) -> bool:
        """Record the answer once: False when it was already answered (a second press)."""
        result = self._session.execute(
            update(FirstFollowerAskRow)
            .where(
                FirstFollowerAskRow.id == ask_id,
                FirstFollowerAskRow.answer.is_(None),
            )
            .values(answer=answer.value, note=note, answered_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))


def _to_domain(row: FirstFollowerAskRow) -> Ask:
    return Ask(
        id=row.id,
        stand_id=row.stand_id,
        user_id=row.user_id,
        asked_at=row.asked_at,
        answer=None if row.answer is None else Answer(row.answer),
        note=row.note,
        answered_at=row.answered_at,
        dm_channel_id=row.dm_channel_id,
        dm_ts=row.dm_ts,
    )
