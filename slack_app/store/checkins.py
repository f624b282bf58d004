"""Check-ins of one workspace: found by their message, and the answers in their threads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slack_app.domain.checkins import Checkin, CheckinState
from slack_app.domain.workspace import Workspace
from slack_app.store.models import (
    CheckinAnswerRow,
    CheckinRow,
)
from slack_app.store.scoping import in_workspace


def to_checkin(row: CheckinRow) -> Checkin:
    return Checkin(
        id=row.id,
        pilot_id=row.pilot_id,
        due_at=row.due_at,
        state=CheckinState(row.state),
        claimed_at=row.claimed_at,
        milestone_id=row.milestone_id,
        channel_id=row.channel_id,
        ts=row.ts,
        posted_at=row.posted_at,
        remind_at=row.remind_at,
        reminded_at=row.reminded_at,
        attempts=row.attempts,
    )


class CheckinRepository:
    """A workspace's check-ins, as people answer them."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self._session = session
        self._workspace = workspace

    def posted_at(self, channel_id: str, ts: str) -> Checkin | None:
        """The check-in posted as message ``ts`` in ``channel_id``."""
        query = select(CheckinRow).where(
            in_workspace(CheckinRow, self._workspace),
            CheckinRow.channel_id == channel_id,
            CheckinRow.ts == ts,
        )
        row = self._session.scalars(query).one_or_none()
        return None if row is None else to_checkin(row)

    def answer(
        self,
        checkin_id: int,
        *,
        user_id: str,
        ts: str,
        text: str,
        on_team: bool,
        received_at: datetime,
    ) -> bool:
        """Keep a reply as an answer; False when it was kept already (a retried event)."""
        row = CheckinAnswerRow(
            team_id=self._workspace.team_id,
            enterprise_id=self._workspace.enterprise_id,
            checkin_id=checkin_id,
            user_id=user_id,
            ts=ts,
            text=text,
            on_team=on_team,
            received_at=received_at,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            return False
        return True

    def change_answer(self, checkin_id: int, ts: str, **values: object) -> bool:
        result = self._session.execute(
            update(CheckinAnswerRow)
            .where(
                in_workspace(CheckinAnswerRow, self._workspace),
                CheckinAnswerRow.checkin_id == checkin_id,
                CheckinAnswerRow.ts == ts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def answers(self, checkin_id: int) -> list[tuple[str, str, bool]]:
        """(user, text, on the team) of every answer kept, in the order given."""
        query = (
            select(CheckinAnswerRow)
            .where(
                in_workspace(CheckinAnswerRow, self._workspace),
                CheckinAnswerRow.checkin_id == checkin_id,
                CheckinAnswerRow.deleted_at.is_(None),
            )
            .order_by(CheckinAnswerRow.ts)
        )
        return [(r.user_id, r.text, r.on_team) for r in self._session.scalars(query)]
