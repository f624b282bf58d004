"""F4: a pilot proposed to a sponsor, decided, started, withdrawn; its audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from slack_app.domain.audit import APP, Entry
from slack_app.domain.decisions import Decision, Verdict
from slack_app.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from slack_app.domain.people import Person
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
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.domain.workspace import Workspace
from slack_app.services.decisions import close_requests, request_decision
from slack_app.store.audit import AuditRepository
from slack_app.store.database import Database
from slack_app.store.decisions import DecisionRepository
from slack_app.store.pilots import OpenPilotExists, PilotRepository, approved_pilots
from slack_app.store.stands import StandRepository
from slack_app.store.teams import TeamRepository

PILOT = "pilot"  # the subject name in decisions and the audit trail
STAND_FIELD = "stand"
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
class PilotView:
    """A pilot with everything its messages show."""

    pilot: Pilot
    stand: Stand
    team: Team | None
    decisions: list[Decision] = field(default_factory=list)  # oldest first

    @property
    def last_decided(self) -> Decision | None:
        decided = [d for d in self.decisions if not d.pending]
        return decided[-1] if decided else None


@dataclass(frozen=True, slots=True)
class Moved:
    """A pilot after a change, and the requests that the change made stale."""

    view: PilotView
    before: PilotState | None
    request: Decision | None = None
    stale: list[Decision] = field(default_factory=list)


class PilotSubject:
    """How pilots plug into the decision mechanism: the sponsor decides a proposed version."""

    def version(self, session: Session, ws: Workspace, subject_id: int) -> int | None:
        pilot = PilotRepository(session, ws).get(subject_id)
        return pilot.version if pilot and pilot.state is PilotState.PROPOSED else None

    def apply(self, session: Session, ws: Workspace, decided: Decision) -> None:
        assert decided.verdict is not None
        assert decided.decided_at is not None
        pilot = PilotRepository(session, ws).get(decided.subject_id)
        assert pilot is not None
        move = VERDICT_MOVES[decided.verdict]
        _move(
            session,
            ws,
            pilot,
            move,
            actor_id=decided.decider_id,
            at=decided.decided_at,
            note=decided.note,
        )


def _move(
    session: Session,
    ws: Workspace,
    pilot: Pilot,
    move: Move,
    *,
    actor_id: str,
    at: datetime,
    note: str | None = None,
) -> Pilot:
    """Make ``move`` (IllegalMove when the state forbids it) and keep it in the trail."""
    after = next_state(pilot.state, move)
    pilots = PilotRepository(session, ws)
    if not pilots.move(pilot.id, before=pilot.state, after=after):
        raise DomainError("This pilot changed a moment ago; nothing was done. Look again.")
    _audit(session, ws, pilot, move.value, actor_id, after=after, at=at, note=note)
    moved = pilots.get(pilot.id)
    assert moved is not None
    return moved


def _audit(
    session: Session,
    ws: Workspace,
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
    AuditRepository(session, ws).add(entry)


def _view(session: Session, ws: Workspace, pilot: Pilot) -> PilotView:
    stand = StandRepository(session, ws).get(pilot.stand_id)
    assert stand is not None
    team = TeamRepository(session, ws).of_stand(stand.id)
    decisions = DecisionRepository(session, ws).of_subject(PILOT, pilot.id)
    return PilotView(pilot, stand, team, decisions)


def _lead_stand(session: Session, ws: Workspace, stand_id: int, user_id: str) -> Stand:
    stand = StandRepository(session, ws).get(stand_id)
    if stand is None:
        raise NotFound("That stand does not exist.")
    if stand.author_id != user_id:
        raise NotAllowed(f"Only the stand's lead, <@{stand.author_id}>, can propose its pilot.")
    return stand


def _own_pilot(session: Session, ws: Workspace, pilot_id: int, user_id: str) -> Pilot:
    pilot = PilotRepository(session, ws).get(pilot_id)
    if pilot is None:
        raise NotFound("That pilot is no longer here.")
    if pilot.proposer_id != user_id:
        raise NotAllowed(f"Only <@{pilot.proposer_id}>, who proposed this pilot, can do that.")
    return pilot


@dataclass(frozen=True, slots=True)
class ProposalForm:
    """What the proposal modal opens with."""

    stands: list[Stand]
    stand: Stand
    pilot: Pilot | None
    team: Team | None


def proposal_form(
    db: Database, ws: Workspace, *, user_id: str, stand_id: int | None, channel_id: str | None
) -> ProposalForm:
    """The stand the person means (the button's, the pilot channel's, or their newest) and
    its open pilot, to edit; refused when it is not theirs or can no longer be edited."""
    with db.transaction() as session:
        stands = StandRepository(session, ws).of_author(user_id, limit=100)
        if stand_id is None and channel_id is not None:
            team = TeamRepository(session, ws).of_channel(channel_id)
            stand_id = None if team is None else team.stand_id
        if stand_id is None:
            if not stands:
                raise NotFound("Take a stand first: type `/stand`.")
            stand_id = stands[0].id
        stand = _lead_stand(session, ws, stand_id, user_id)
        pilot = PilotRepository(session, ws).open_of_stand(stand.id)
        if pilot is not None and not pilot.editable:
            raise DomainError(
                f"This pilot is {STATE_WORDS[pilot.state]}: its proposal can't be edited now."
            )
        team = TeamRepository(session, ws).of_stand(stand.id)
        return ProposalForm(stands, stand, pilot, team)


def save_proposal(
    db: Database,
    ws: Workspace,
    *,
    proposer: Person,
    stand_id: int,
    pilot_id: int | None,
    draft: ProposalDraft,
    shielded: bool,
    send: bool,
    sponsor: Person | None,
    now: datetime,
) -> Moved:
    """Keep a new or edited proposal; with ``send``, put it before the sponsor (a proposed
    pilot that is edited always goes back to them). InvalidInput, nothing stored, otherwise."""
    if sponsor is not None and sponsor.user_id != draft.sponsor_id:
        sponsor = None
    with db.transaction() as session:
        stand = _lead_stand(session, ws, stand_id, proposer.user_id)
        pilot = None if pilot_id is None else _own_pilot(session, ws, pilot_id, proposer.user_id)
        if pilot is not None and (pilot.stand_id != stand.id or not pilot.editable):
            raise DomainError(
                f"This pilot is {STATE_WORDS[pilot.state]}: its proposal can't be edited now."
            )
        send = send or (pilot is not None and pilot.state is PilotState.PROPOSED)
        _check(draft, proposer, sponsor, send=send, now=now)
        team = TeamRepository(session, ws).of_stand(stand.id)
        shielded = team.is_private if team is not None else shielded
        pilots = PilotRepository(session, ws)
        before = None if pilot is None else pilot.state
        if pilot is None:
            try:
                pilot = pilots.add(
                    stand_id=stand.id,
                    proposer_id=proposer.user_id,
                    proposal=draft,
                    shielded=shielded,
                    zone=proposer.tz,
                    now=now,
                )
            except OpenPilotExists:
                raise InvalidInput({STAND_FIELD: HAS_PILOT}) from None
            _audit(
                session,
                ws,
                pilot,
                "draft",
                proposer.user_id,
                after=pilot.state,
                at=now,
                before="none",
            )
        else:
            pilot = pilots.edit(pilot.id, draft, shielded=shielded)
            _audit(session, ws, pilot, "edit", proposer.user_id, after=pilot.state, at=now)
        if not send:
            return Moved(_view(session, ws, pilot), before)
        assert sponsor is not None
        return _send(session, ws, pilot, proposer.user_id, sponsor, before=before, now=now)


def send_draft(
    db: Database,
    ws: Workspace,
    pilot_id: int,
    *,
    proposer: Person,
    sponsor: Person | None,
    now: datetime,
) -> Moved:
    """Put a saved draft (or a proposal with changes asked for) before its sponsor, as it
    is; InvalidInput when it does not yet hold as a proposal."""
    with db.transaction() as session:
        pilot = _own_pilot(session, ws, pilot_id, proposer.user_id)
        if sponsor is not None and sponsor.user_id != pilot.sponsor_id:
            sponsor = None
        if pilot.state not in (PilotState.DRAFT, PilotState.CHANGES_REQUESTED):
            next_state(pilot.state, Move.SUBMIT)  # says why not, in the state's words
        _check(pilot.proposal, proposer, sponsor, send=True, now=now)
        assert sponsor is not None
        return _send(session, ws, pilot, proposer.user_id, sponsor, before=pilot.state, now=now)


def _send(
    session: Session,
    ws: Workspace,
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
        pilot = _move(session, ws, pilot, move, actor_id=proposer_id, at=now)
    request, stale = request_decision(
        session,
        ws,
        subject=PILOT,
        subject_id=pilot.id,
        version=pilot.version,
        decider=sponsor,
        requester_id=proposer_id,
        now=now,
    )
    return Moved(_view(session, ws, pilot), before, request, stale)


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


def get_pilot(db: Database, ws: Workspace, pilot_id: int) -> PilotView:
    with db.transaction() as session:
        pilot = PilotRepository(session, ws).get(pilot_id)
        if pilot is None:
            raise NotFound("That pilot is no longer here.")
        return _view(session, ws, pilot)


def own_pilot(db: Database, ws: Workspace, pilot_id: int, *, user_id: str) -> Pilot:
    with db.transaction() as session:
        return _own_pilot(session, ws, pilot_id, user_id)


def withdraw_pilot(
    db: Database, ws: Workspace, pilot_id: int, *, user_id: str, now: datetime
) -> Moved:
    """The proposer takes the proposal back (from draft or proposed); pending requests go stale."""
    with db.transaction() as session:
        pilot = _own_pilot(session, ws, pilot_id, user_id)
        before = pilot.state
        pilot = _move(session, ws, pilot, Move.WITHDRAW, actor_id=user_id, at=now)
        stale = close_requests(session, ws, PILOT, pilot.id)
        return Moved(_view(session, ws, pilot), before, stale=stale)


def start_pilot(
    db: Database, ws: Workspace, pilot_id: int, *, user_id: str, now: datetime
) -> Moved:
    """The lead starts an approved pilot before its start date."""
    with db.transaction() as session:
        pilot = _own_pilot(session, ws, pilot_id, user_id)
        before = pilot.state
        pilot = _move(session, ws, pilot, Move.START, actor_id=user_id, at=now)
        return Moved(_view(session, ws, pilot), before)


def start_due_pilots(db: Database, now: datetime) -> list[tuple[Workspace, Moved]]:
    """Approved pilots whose start date has come (on the proposer's calendar) start running."""
    with db.transaction() as session:
        due = [
            (ws, pilot)
            for ws, pilot in approved_pilots(session)
            if start_is_due(pilot, Person(pilot.proposer_id, tz=pilot.zone).today(now))
        ]
    started = []
    for ws, pilot in due:
        with db.transaction() as session:
            current = PilotRepository(session, ws).get(pilot.id)
            if current is None or current.state is not PilotState.APPROVED:
                continue  # another instance started it, or the lead did
            moved = _move(session, ws, current, Move.START, actor_id=APP, at=now)
            started.append((ws, Moved(_view(session, ws, moved), PilotState.APPROVED)))
    return started


def trail(db: Database, ws: Workspace, pilot_id: int) -> list[Entry]:
    """The pilot's audit trail, oldest first."""
    with db.transaction() as session:
        return AuditRepository(session, ws).of(PILOT, pilot_id)


def pilots_of_stands(db: Database, ws: Workspace, stand_ids: list[int]) -> dict[int, Pilot]:
    with db.transaction() as session:
        return PilotRepository(session, ws).latest_of_stands(stand_ids)


def open_pilot_of(db: Database, ws: Workspace, stand_id: int) -> Pilot | None:
    with db.transaction() as session:
        return PilotRepository(session, ws).open_of_stand(stand_id)
