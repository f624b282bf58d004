"""Every query about teams, their people and their history, scoped to one workspace by the
unit of work's session (the only session the repository accepts)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, select, update

from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.team import Change, Person, Signal, Standing, Switch, Team
from slack_app.store.models import MembershipChangeRow, TeamPersonRow, TeamRow
from slack_app.store.repository import Repository
from slack_app.store.upsert import upsert

COLUMNS = {signal: (f"{signal.value}_on", f"{signal.value}_off") for signal in Signal}


class TeamRepository(Repository):
    def add(
        self,
        *,
        stand_id: int,
        lead_id: str,
        channel_id: str,
        is_private: bool,
        linked: bool,
        now: datetime,
    ) -> Team:
        row = TeamRow(
            stand_id=stand_id,
            lead_id=lead_id,
            channel_id=channel_id,
            is_private=is_private,
            linked=linked,
            formed_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return _team(row)

    def get(self, team_pk: int) -> Team | None:
        return self._one(TeamRow.id == team_pk)

    def roster_posted(self, team_pk: int) -> bool:
        """Whether the team's roster message is posted, read under the team row's lock
        (PostgreSQL; SQLite's transaction holds the database): a change that reads it and
        the recording of the roster's ts are then one after the other, so one of the two
        sees the other and the change is drawn."""
        query = select(TeamRow.roster_ts).where(TeamRow.id == team_pk).with_for_update()
        return self._session.scalar(query) is not None

    def of_stand(self, stand_id: int) -> Team | None:
        return self._one(TeamRow.stand_id == stand_id)

    def of_channel(self, channel_id: str) -> Team | None:
        return self._one(TeamRow.channel_id == channel_id)

    def of_stands(self, stand_ids: list[int]) -> list[Team]:
        query = select(TeamRow).where(TeamRow.stand_id.in_(stand_ids))
        return [_team(row) for row in self._session.scalars(query)]

    def _one(self, clause: ColumnElement[bool]) -> Team | None:
        row = self._session.scalars(select(TeamRow).where(clause)).first()
        return None if row is None else _team(row)

    def set_posts(self, team_pk: int, *, vision_ts: str | None, roster_ts: str | None) -> None:
        """Remember the vision post and/or the roster message (None: leave as it is)."""
        posts = {"vision_ts": vision_ts, "roster_ts": roster_ts}
        values = {column: ts for column, ts in posts.items() if ts is not None}
        if values:
            self._session.execute(update(TeamRow).where(TeamRow.id == team_pk).values(values))

    # -- people ---------------------------------------------------------------------------
    def person_for_update(self, team_pk: int, user_id: str) -> tuple[TeamPersonRow, Person]:
        """The person's row, created when new, locked until the transaction ends."""
        # An INSERT … ON CONFLICT is not flushed from the session: the unit of work's hook
        # does not stamp it, so the row carries its workspace itself.
        values = {
            "team_id": self._workspace.team_id,
            "enterprise_id": self._workspace.enterprise_id,
            "team_pk": team_pk,
            "user_id": user_id,
        }
        self._session.execute(
            upsert(self._session, TeamPersonRow).values(**values).on_conflict_do_nothing()
        )
        query = (
            select(TeamPersonRow)
            .where(
                TeamPersonRow.team_pk == team_pk,
                TeamPersonRow.user_id == user_id,
            )
            .with_for_update()
        )
        row = self._session.scalars(query).one()
        return row, _person(row)

    def save_person(self, row: TeamPersonRow, person: Person) -> None:
        for signal, (on_column, off_column) in COLUMNS.items():
            switch = person.switch(signal)
            setattr(row, on_column, switch.on_at)
            setattr(row, off_column, switch.off_at)
        self._session.flush()

    def people_of_teams(self, team_pks: list[int]) -> dict[int, list[Person]]:
        """Everyone on each of several teams, in one query."""
        query = select(TeamPersonRow).where(TeamPersonRow.team_pk.in_(team_pks))
        found: dict[int, list[Person]] = {}
        for row in self._session.scalars(query):
            found.setdefault(row.team_pk, []).append(_person(row))
        return found

    def people(self, team_pk: int) -> list[Person]:
        query = select(TeamPersonRow).where(TeamPersonRow.team_pk == team_pk)
        return [_person(row) for row in self._session.scalars(query)]

    # -- history --------------------------------------------------------------------------
    def add_change(self, team_pk: int, change: Change, *, recorded_at: datetime) -> None:
        self._session.add(
            MembershipChangeRow(
                team_pk=team_pk,
                user_id=change.user_id,
                before=change.before.value,
                after=change.after.value,
                via=change.via.value,
                at=change.at,
                recorded_at=recorded_at,
            )
        )

    def changes(self, team_pk: int) -> list[Change]:
        query = (
            select(MembershipChangeRow)
            .where(
                MembershipChangeRow.team_pk == team_pk,
            )
            .order_by(MembershipChangeRow.at, MembershipChangeRow.id)
        )
        return [
            Change(r.user_id, Standing(r.before), Standing(r.after), Signal(r.via), _exact(r.at))
            for r in self._session.scalars(query)
        ]


def _exact(value: Decimal | None) -> Decimal:
    if value is None:
        raise BrokenInvariant("expected a stored membership change to have its Slack time")
    return Decimal(value).quantize(Decimal("0.000001"))


def _maybe(value: Decimal | None) -> Decimal | None:
    return None if value is None else _exact(value)


def _person(row: TeamPersonRow) -> Person:
    switches = {}
    for signal, (on_column, off_column) in COLUMNS.items():
        switch = Switch(_maybe(getattr(row, on_column)), _maybe(getattr(row, off_column)))
        if switch.on_at is not None or switch.off_at is not None:
            switches[signal] = switch
    return Person(row.user_id, switches)


def _team(row: TeamRow) -> Team:
    return Team(
        id=row.id,
        stand_id=row.stand_id,
        lead_id=row.lead_id,
        channel_id=row.channel_id,
        is_private=row.is_private,
        linked=row.linked,
        formed_at=row.formed_at,
        vision_ts=row.vision_ts,
        roster_ts=row.roster_ts,
    )
