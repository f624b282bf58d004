"""F4: a pilot proposed to a sponsor, decided, started, withdrawn; its audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from slack_app.domain.audit import APP, Entry
from slack_app.domain.decisions import Decision, StaleRequest, Verdict
from slack_app.domain.errors import BrokenInvariant, DomainError, InvalidInput
from slack_app.domain.outbox import Effect
from slack_app.domain.people import Person
from slack_app.domain.pilot_view import PilotView
from slack_app.domain.pilots import (
    STATE_WORDS,
    Move,
    Pilot,
    PilotState,
    ProposalDraft,
    next_state,
    start_is_due,
    validate_draft,
    validate_proposal,
)
from slack_app.domain.workspace import Workspace
from slack_app.services.checkins import ensure_schedule_in
from slack_app.services.decisions import close_requests, request_decision
from slack_app.services.pilot_access import lead_stand, own_pilot_in
from slack_app.services.pilot_reads import PILOT, view_of
from slack_app.store.audit import AuditRepository
from slack_app.store.claims.pilots import approved_pilots
from slack_app.store.database import Database
from slack_app.store.pilots import OpenPilotExists, PilotRepository
from slack_app.store.teams import TeamRepository
from slack_app.store.unit_of_work import UnitOfWork

STAND_FIELD = "stand"
CHANGED = "This pilot changed a moment ago, so nothing was done. Look at it again."
EDITED_SINCE = (
    "Another version of this proposal was saved after you opened it. Close this, then edit "
    "the latest one."
)
VERDICT_MOVES = {
    Verdict.APPROVE: Move.APPROVE,
    Verdict.REQUEST_CHANGES: Move.REQUEST_CHANGES,
    Verdict.DECLINE: Move.DECLINE,
}
HAS_PILOT = (
    "This stand already has a pilot proposal: edit it from your DM with me, or with "
    "`/stand pilot` in its channel."
)


@dataclass(frozen=True, slots=True)
class Moved:
    """A pilot after a change, and the requests that the change made stale."""

    view: PilotView
    before: PilotState | None
    request: Decision | None = None
    stale: list[Decision] = field(default_factory=list)


class PilotSubject:
    """How pilots plug into the decision mechanism: the sponsor decides a proposed version."""

    def version(self, uow: UnitOfWork, subject_id: int) -> int | None:
        # Locks the pilot (on PostgreSQL) before the decision row, in the same order as an
        # edit or a withdrawal, so that a decision racing them waits instead of deadlocking.
        pilot = PilotRepository(uow).get(subject_id, for_update=True)
        return pilot.version if pilot and pilot.state is PilotState.PROPOSED else None

    def pilot_of(self, uow: UnitOfWork, subject_id: int) -> int | None:
        return subject_id

    def apply(self, uow: UnitOfWork, decided: Decision) -> None:
        if decided.verdict is None or decided.decided_at is None:
            raise BrokenInvariant(
                f"expected decision {decided.id} to have a verdict and a decision time when applied"
            )
        pilot = PilotRepository(uow).get(decided.subject_id)
        if pilot is None:
            raise BrokenInvariant(
                f"expected pilot {decided.subject_id}, held by version() in this transaction"
            )
        move = VERDICT_MOVES[decided.verdict]
        _move(
            uow,
            pilot,
            move,
            actor_id=decided.decider_id,
            at=decided.decided_at,
            note=decided.note,
            version=decided.version,
        )


def _move(
    uow: UnitOfWork,
    pilot: Pilot,
    move: Move,
    *,
    actor_id: str,
    at: datetime,
    note: str | None = None,
    version: int | None = None,
) -> Pilot:
    """Make ``move`` (IllegalMove when the state forbids it) and keep it in the trail; on
    ``version`` only, when given. A concurrent change wins and this one is refused."""
    after = next_state(pilot.state, move)
    pilots = PilotRepository(uow)
    if not pilots.move(pilot.id, before=pilot.state, after=after, version=version):
        raise StaleRequest(CHANGED)
    _audit(uow, pilot, move.value, actor_id, after=after, at=at, note=note)
    moved = pilots.get(pilot.id)
    if moved is None:
        raise BrokenInvariant(f"expected pilot {pilot.id} to read back after its move")
    return moved


def _audit(
    uow: UnitOfWork,
    pilot: Pilot,
    action: str,
    actor_id: str,
    *,
    after: PilotState,
    at: datetime,
    note: str | None = None,
    before: str | None = None,
) -> None:
    entry = Entry(
        subject=PILOT,
        subject_id=pilot.id,
        actor_id=actor_id,
        action=action,
        before=before or pilot.state.value,
        after=after.value,
        at=at,
        note=note,
        version=pilot.version,
    )
    AuditRepository(uow).add(entry)


def save_proposal(
    uow: UnitOfWork,
    *,
    proposer: Person,
    stand_id: int,
    pilot_id: int | None,
    draft: ProposalDraft,
    shielded: bool,
    send: bool,
    sponsor: Person | None,
    now: datetime,
    version: int | None = None,
    zone: str = "UTC",
) -> Moved:
    """Keep a new or edited proposal; with ``send``, put it before the sponsor (a proposed
    pilot that is edited always goes back to them). InvalidInput, nothing stored, otherwise.

    ``version`` is the one the person edited (refused when another was saved since);
    ``zone`` is the proposer's, kept with a new pilot for its start date."""
    if sponsor is not None and sponsor.user_id != draft.sponsor_id:
        sponsor = None
    stand = lead_stand(uow, stand_id, proposer.user_id)
    pilot = None if pilot_id is None else own_pilot_in(uow, pilot_id, proposer.user_id)
    if pilot is not None and (pilot.stand_id != stand.id or not pilot.editable):
        raise DomainError(
            f"This pilot is {STATE_WORDS[pilot.state]}: its proposal can't be edited now."
        )
    if pilot is not None and version is not None and version != pilot.version:
        raise StaleRequest(EDITED_SINCE)
    send = send or (pilot is not None and pilot.state is PilotState.PROPOSED)
    _check(draft, proposer, sponsor, send=send, now=now)
    team = TeamRepository(uow).of_stand(stand.id)
    shielded = team.is_private if team is not None else shielded
    before = None if pilot is None else pilot.state
    if pilot is None:
        pilot = _draft(
            uow,
            stand_id=stand.id,
            proposer_id=proposer.user_id,
            draft=draft,
            shielded=shielded,
            zone=zone,
            now=now,
        )
    else:
        edited = PilotRepository(uow).edit(pilot, draft, shielded=shielded)
        if edited is None:
            raise StaleRequest(CHANGED)
        pilot = edited
        _audit(uow, pilot, "edit", proposer.user_id, after=pilot.state, at=now)
    if not send:
        return Moved(view_of(uow, pilot), before)
    if sponsor is None:
        raise BrokenInvariant(
            "expected a proposal that passed the checks for sending to have a sponsor"
        )
    return _send(uow, pilot, proposer.user_id, sponsor, before=before, now=now)


def _draft(
    uow: UnitOfWork,
    *,
    stand_id: int,
    proposer_id: str,
    draft: ProposalDraft,
    shielded: bool,
    zone: str,
    now: datetime,
) -> Pilot:
    """A new pilot, as a draft; refused when the stand already has an open one."""
    try:
        pilot = PilotRepository(uow).add(
            stand_id=stand_id,
            proposer_id=proposer_id,
            proposal=draft,
            shielded=shielded,
            zone=zone,
            now=now,
        )
    except OpenPilotExists:
        raise InvalidInput({STAND_FIELD: HAS_PILOT}) from None
    _audit(uow, pilot, "draft", proposer_id, after=pilot.state, at=now, before="none")
    return pilot


def send_draft(
    uow: UnitOfWork,
    pilot_id: int,
    *,
    proposer: Person,
    sponsor: Person | None,
    now: datetime,
) -> Moved:
    """Put a saved draft (or a proposal with changes asked for) before its sponsor, as it
    is; InvalidInput when it does not yet hold as a proposal."""
    pilot = own_pilot_in(uow, pilot_id, proposer.user_id)
    if sponsor is not None and sponsor.user_id != pilot.sponsor_id:
        sponsor = None
    if pilot.state not in (PilotState.DRAFT, PilotState.CHANGES_REQUESTED):
        next_state(pilot.state, Move.SUBMIT)  # says why not, in the state's words
    _check(pilot.proposal, proposer, sponsor, send=True, now=now)
    if sponsor is None:
        raise BrokenInvariant(
            "expected a proposal that passed the checks for sending to have a sponsor"
        )
    return _send(uow, pilot, proposer.user_id, sponsor, before=pilot.state, now=now)


def _send(
    uow: UnitOfWork,
    pilot: Pilot,
    proposer_id: str,
    sponsor: Person,
    *,
    before: PilotState | None,
    now: datetime,
) -> Moved:
    """Submit or resubmit (a proposed pilot stays proposed) and ask the sponsor to decide
    this version; earlier requests go stale."""
    if pilot.state is not PilotState.PROPOSED:
        move = Move.SUBMIT if pilot.state is PilotState.DRAFT else Move.RESUBMIT
        pilot = _move(uow, pilot, move, actor_id=proposer_id, at=now)
    request, stale = request_decision(
        uow,
        subject=PILOT,
        subject_id=pilot.id,
        version=pilot.version,
        decider=sponsor,
        requester_id=proposer_id,
        now=now,
    )
    return Moved(view_of(uow, pilot), before, request, stale)


def _check(
    draft: ProposalDraft, proposer: Person, sponsor: Person | None, *, send: bool, now: datetime
) -> None:
    if send:
        errors = validate_proposal(
            draft, proposer_id=proposer.user_id, today=proposer.today(now), sponsor=sponsor
        )
    else:
        errors = validate_draft(draft, proposer_id=proposer.user_id, sponsor=sponsor)
    if errors:
        raise InvalidInput({f.value: message for f, message in errors.items()})


def withdraw_pilot(uow: UnitOfWork, pilot_id: int, *, user_id: str, now: datetime) -> Moved:
    """The proposer takes the proposal back (from draft or proposed); pending requests go stale."""
    pilot = own_pilot_in(uow, pilot_id, user_id)
    before = pilot.state
    pilot = _move(uow, pilot, Move.WITHDRAW, actor_id=user_id, at=now)
    stale = close_requests(uow, PILOT, pilot.id, now)
    return Moved(view_of(uow, pilot), before, stale=stale)


def start_pilot(uow: UnitOfWork, pilot_id: int, *, user_id: str, now: datetime) -> Moved:
    """The lead starts an approved pilot before its start date."""
    pilot = own_pilot_in(uow, pilot_id, user_id)
    before = pilot.state
    pilot = _move(uow, pilot, Move.START, actor_id=user_id, at=now)
    ensure_schedule_in(uow, pilot, now)
    return Moved(view_of(uow, pilot), before)


def start_due_pilots(
    db: Database, now: datetime, effects: Callable[[Moved], list[Effect]]
) -> list[tuple[Workspace, Moved]]:
    """Approved pilots whose start date has come (on the proposer's calendar) start running,
    each in a unit of work of its own workspace, with the Slack ``effects`` of its start."""
    with db.across_workspaces() as session:
        due = [
            (ws, pilot)
            for ws, pilot in approved_pilots(session)
            if start_is_due(pilot, Person(pilot.proposer_id, tz=pilot.zone).today(now))
        ]
    started = []
    for ws, pilot in due:
        try:
            with db.unit_of_work(ws) as uow:
                moved = _move(uow, pilot, Move.START, actor_id=APP, at=now)
                ensure_schedule_in(uow, moved, now)
                started_one = Moved(view_of(uow, moved), PilotState.APPROVED)
                uow.record(effects(started_one), now=now)
            started.append((ws, started_one))
        except StaleRequest:
            continue  # another instance started it, or the lead did, since it was read
    return started


def record_pilot_dm(uow: UnitOfWork, pilot_id: int, *, channel_id: str, ts: str) -> None:
    """Where the proposer's DM about the pilot is, to edit it in place."""
    PilotRepository(uow).set_dm(pilot_id, channel_id=channel_id, ts=ts)


def record_pilot_header(uow: UnitOfWork, pilot_id: int, *, channel_id: str, ts: str) -> None:
    """Where the pilot channel's header is, to edit it in place."""
    PilotRepository(uow).set_header(pilot_id, channel_id=channel_id, ts=ts)
