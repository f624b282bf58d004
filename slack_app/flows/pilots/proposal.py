"""The proposal modal: opened for the stand meant, submitted (check, store, close), then the
sponsor is asked."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Field
from slack_app.domain.errors import InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.pilots import ProposalField
from slack_app.flows.pilots.modal import SubmittedProposal, parse_proposal, proposal_modal
from slack_app.flows.pilots.posting import saved
from slack_app.flows.request import EARLIEST_ZONE, Request, refused_on
from slack_app.services.pilot_access import ensure_may_propose, proposal_form
from slack_app.services.pilots import save_proposal
from slack_app.slack.people import PeopleUnavailable

PICK_A_STAND = "Pick the stand to pilot."


def open_proposal_modal(
    req: Request, *, trigger_id: str, stand_id: int | None, channel_id: str | None = None
) -> None:
    """The modal for the stand meant (the button's, the channel's, or the newest), with its
    open pilot to edit; read and committed before Slack is asked to open it."""
    form = proposal_form(req.uow, user_id=req.user_id, stand_id=stand_id, channel_id=channel_id)
    req.uow.commit()
    view = proposal_modal(form.stands, form.stand, form.pilot, form.team)
    req.open_modal(view, trigger_id=trigger_id)


def open_proposal(req: Request, command: dict[str, Any]) -> None:
    """`/stand pilot`: in a pilot channel, that pilot's stand."""
    open_proposal_modal(
        req,
        trigger_id=command["trigger_id"],
        stand_id=None,
        channel_id=command.get("channel_id"),
    )


def handle_propose_pilot(req: Request, view: dict[str, Any]) -> None:
    """Errors inline, nothing stored; a good proposal is stored (and committed, with its
    Slack effects) before the ack, so the modal only closes once it is safe."""
    user_id = req.user_id
    form = _submitted(view)
    if form.stand_id is None:
        raise InvalidInput({Field.STAND.value: PICK_A_STAND})
    draft = form.draft
    # A refusal about the pilot itself shows on the stand of a new one, else on its concept.
    refused = Field.STAND.value if form.pilot_id is None else ProposalField.CONCEPT.value
    stand_id, pilot_id = form.stand_id, form.pilot_id
    with refused_on(refused):  # before Slack is asked about anyone
        req.check_first(
            lambda uow: ensure_may_propose(
                uow, stand_id=stand_id, pilot_id=pilot_id, user_id=user_id
            )
        )
    proposer, zone = _proposer(req, user_id)
    sponsor = None
    if draft.sponsor_id and draft.sponsor_id != user_id:
        sponsor = req.person(draft.sponsor_id, field=ProposalField.SPONSOR.value)
    now = req.now()
    with refused_on(refused):
        moved = save_proposal(
            req.uow,
            proposer=proposer,
            stand_id=form.stand_id,
            pilot_id=form.pilot_id,
            draft=draft,
            shielded=form.shielded,
            send=form.send,
            sponsor=sponsor,
            now=now,
            version=form.version,
            zone=zone,
        )
    req.uow.record(saved(moved), now=now)
    req.stored()


def _submitted(view: dict[str, Any]) -> SubmittedProposal:
    try:
        return parse_proposal(view)
    except ValueError:
        raise InvalidInput({Field.STAND.value: PICK_A_STAND}) from None


def _proposer(req: Request, user_id: str) -> tuple[Person, str]:
    """The proposer, and the zone their pilot keeps for its start date: UTC when Slack
    cannot tell us theirs (the checks then judge by EARLIEST_ZONE, to refuse no one's
    tomorrow)."""
    try:
        found = req.lookup(user_id)  # req.person's stand-in zone looks like a real one
    except PeopleUnavailable:
        found = None
    if found is None:
        return Person(user_id, tz=EARLIEST_ZONE), "UTC"
    return found, found.tz
