"""Every query about pilots, scoped to one workspace by the unit of work's session. (The
scheduler's read of approved pilots, across workspaces, is in ``store/claims``.)"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, true, update
from sqlalchemy.exc import IntegrityError

from slack_app.domain.pilots import FINAL, Pilot, PilotState, ProposalDraft
from slack_app.store.models import PilotRow
from slack_app.store.repository import Repository


class OpenPilotExists(Exception):
    """The stand already has a pilot that is not yet final."""


class PilotRepository(Repository):
    def add(
        self,
        *,
        stand_id: int,
        proposer_id: str,
        proposal: ProposalDraft,
        shielded: bool,
        zone: str,
        now: datetime,
    ) -> Pilot:
        row = PilotRow(
            stand_id=stand_id,
            open_stand_id=stand_id,
            proposer_id=proposer_id,
            shielded=shielded,
            state=PilotState.DRAFT.value,
            version=1,
            zone=zone,
            created_at=now,
        )
        _write_proposal(row, proposal)
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            raise OpenPilotExists from None
        return to_pilot(row)

    def _row(self, pilot_id: int, *, for_update: bool = False) -> PilotRow | None:
        query = select(PilotRow).where(PilotRow.id == pilot_id)
        if for_update:
            # Locked, it is read afresh: a copy this session read before the lock may be
            # older than what the lock waited for.
            query = query.with_for_update().execution_options(populate_existing=True)
        return self._session.scalars(query).one_or_none()

    def get(self, pilot_id: int, *, for_update: bool = False) -> Pilot | None:
        """The pilot; ``for_update`` locks its row until the transaction ends (PostgreSQL;
        SQLite's BEGIN IMMEDIATE already holds the whole database)."""
        row = self._row(pilot_id, for_update=for_update)
        return None if row is None else to_pilot(row)

    def open_of_stand(self, stand_id: int) -> Pilot | None:
        query = select(PilotRow).where(PilotRow.open_stand_id == stand_id)
        row = self._session.scalars(query).one_or_none()
        return None if row is None else to_pilot(row)

    def latest_of_stands(self, stand_ids: list[int]) -> dict[int, Pilot]:
        """Each stand's newest pilot (open or not)."""
        query = select(PilotRow).where(PilotRow.stand_id.in_(stand_ids)).order_by(PilotRow.id)
        return {row.stand_id: to_pilot(row) for row in self._session.scalars(query)}

    def edit(self, pilot: Pilot, proposal: ProposalDraft, *, shielded: bool) -> Pilot | None:
        """The new proposal, as a new version; None when the pilot moved on or was edited
        by another request since ``pilot`` was read (the edit is not made)."""
        result = self._session.execute(
            update(PilotRow)
            .where(
                PilotRow.id == pilot.id,
                PilotRow.state == pilot.state.value,
                PilotRow.version == pilot.version,
            )
            .values(**_proposal_values(proposal), shielded=shielded, version=PilotRow.version + 1)
            .execution_options(synchronize_session=False)
        )
        self._session.expire_all()
        return self.get(pilot.id) if getattr(result, "rowcount", 0) else None

    def move(
        self, pilot_id: int, *, before: PilotState, after: PilotState, version: int | None = None
    ) -> bool:
        """Change the state only if it is still ``before`` (and still ``version``, when given):
        False when someone moved or edited it first."""
        same_version = PilotRow.version == version if version is not None else true()
        result = self._session.execute(
            update(PilotRow)
            .where(
                PilotRow.id == pilot_id,
                PilotRow.state == before.value,
                same_version,
            )
            .values(
                state=after.value,
                open_stand_id=None if after in FINAL else PilotRow.stand_id,
            )
            .execution_options(synchronize_session=False)
        )
        self._session.expire_all()
        return bool(getattr(result, "rowcount", 0))

    def set_dm(self, pilot_id: int, *, channel_id: str, ts: str) -> None:
        self._set(pilot_id, dm_channel_id=channel_id, dm_ts=ts)

    def set_header(self, pilot_id: int, *, channel_id: str, ts: str) -> None:
        self._set(pilot_id, header_channel_id=channel_id, header_ts=ts)

    def set_charter(self, pilot_id: int, *, channel_id: str | None, ts: str | None) -> None:
        """Where the charter is now (None: it is gone and must be posted again); the claim
        to post it ends either way."""
        self._session.execute(
            update(PilotRow)
            .where(PilotRow.id == pilot_id)
            .values(charter_channel_id=channel_id, charter_ts=ts, charter_claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        self._session.expire_all()

    def claim_charter(self, pilot_id: int, *, now: datetime, lease: timedelta) -> bool:
        """Claim the posting of a charter not yet posted: False when another request holds
        a fresh claim (a stale one, from a crash, is taken over)."""
        result = self._session.execute(
            update(PilotRow)
            .where(
                PilotRow.id == pilot_id,
                PilotRow.charter_ts.is_(None),
                or_(
                    PilotRow.charter_claimed_at.is_(None),
                    PilotRow.charter_claimed_at < now - lease,
                ),
            )
            .values(charter_claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def _set(self, pilot_id: int, **values: str) -> None:
        self._session.execute(
            update(PilotRow)
            .where(PilotRow.id == pilot_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self._session.expire_all()


def _proposal_values(proposal: ProposalDraft) -> dict[str, object]:
    return {
        "concept": proposal.concept.strip(),
        "scope": proposal.scope.strip(),
        "learning": proposal.learning.strip(),
        "resources": proposal.resources.strip(),
        "starts_on": proposal.start,
        "ends_on": proposal.end,
        "sponsor_id": proposal.sponsor_id,
    }


def _write_proposal(row: PilotRow, proposal: ProposalDraft) -> None:
    for name, value in _proposal_values(proposal).items():
        setattr(row, name, value)


def to_pilot(row: PilotRow) -> Pilot:
    return Pilot(
        id=row.id,
        stand_id=row.stand_id,
        proposer_id=row.proposer_id,
        proposal=ProposalDraft(
            concept=row.concept,
            scope=row.scope,
            start=row.starts_on,
            end=row.ends_on,
            learning=row.learning,
            resources=row.resources,
            sponsor_id=row.sponsor_id,
        ),
        shielded=row.shielded,
        state=PilotState(row.state),
        version=row.version,
        created_at=row.created_at,
        zone=row.zone,
        dm_channel_id=row.dm_channel_id,
        dm_ts=row.dm_ts,
        header_channel_id=row.header_channel_id,
        header_ts=row.header_ts,
        charter_channel_id=row.charter_channel_id,
        charter_ts=row.charter_ts,
    )
