"""F4 buttons of the proposer and the pilot channel: propose or edit, send, withdraw,
start, and the pilot's history."""

from __future__ import annotations

from typing import Any

from slack_app.blocks.ids import Action
from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.domain.people import Person
from slack_app.flows.pilots.messages import trail_modal
from slack_app.flows.pilots.posting import moved_on, saved
from slack_app.flows.pilots.proposal import open_proposal_modal
from slack_app.flows.request import Request
from slack_app.flows.values import number
from slack_app.services.pilot_access import history, own_pilot_in
from slack_app.services.pilots import send_draft, start_pilot, withdraw_pilot
from slack_app.slack.people import PeopleUnavailable

CANT_CHECK_SPONSOR = "I couldn't check the sponsor with Slack just now. Try again."


def handle_open_proposal(req: Request, action: dict[str, Any]) -> None:
    """Propose a pilot for the stand on the button, or edit its open proposal."""
    req.ack()
    open_proposal_modal(req, trigger_id=req.body["trigger_id"], stand_id=number(action))


def handle_send_pilot(req: Request, action: dict[str, Any]) -> None:
    """Send a draft to its sponsor, once the whole proposal holds.

    The pilot is read first, to know whom to check with Slack, and committed before the
    check; the sending is a unit of work of its own, with its Slack effects.
    """
    req.ack()
    user_id = req.user_id
    pilot = own_pilot_in(req.uow, number(action), user_id)
    req.uow.commit()
    proposer, sponsor = _people(req, user_id, pilot.proposal.sponsor_id)
    with req.db.unit_of_work(req.workspace) as uow:
        try:
            moved = send_draft(uow, pilot.id, proposer=proposer, sponsor=sponsor, now=req.now())
        except InvalidInput as invalid:
            problems = "\n".join(f"• {message}" for message in invalid.errors.values())
            raise DomainError(
                f"The proposal isn't ready to send yet. Press *Edit* and fix:\n{problems}"
            ) from None
        uow.record(saved(moved), now=req.now())


def _people(req: Request, user_id: str, sponsor_id: str | None) -> tuple[Person, Person | None]:
    """The proposer and the sponsor, by Slack. When Slack cannot answer, nothing is sent and
    the person hears that the sponsor could not be checked (no form field to show it on)."""
    try:
        proposer = req.lookup(user_id)
        sponsor = req.lookup(sponsor_id) if sponsor_id else None
    except PeopleUnavailable:
        raise DomainError(CANT_CHECK_SPONSOR) from None
    return proposer or Person(user_id), sponsor


# The proposer's moves on the pilot, and the news each gives the proposer and the channel.
MOVES = {
    Action.WITHDRAW_PILOT: (
        withdraw_pilot,
        ":leftwards_arrow_with_hook: <@{user}> withdrew the pilot proposal.",
    ),
    Action.START_PILOT: (start_pilot, ":rocket: <@{user}> started the pilot. It is running now."),
}


def handle_pilot_move(req: Request, action: dict[str, Any]) -> None:
    """Withdraw or start: the service refuses a move the pilot's state does not allow."""
    req.ack()
    user_id = req.user_id
    move, news = MOVES[Action(action["action_id"])]
    now = req.now()
    moved = move(req.uow, number(action), user_id=user_id, now=now)
    req.uow.record(moved_on(moved, news.format(user=user_id)), now=now)
    req.uow.commit()


def handle_open_trail(req: Request, action: dict[str, Any]) -> None:
    """The pilot's audit trail, oldest first, in a modal."""
    req.ack()
    view, entries = history(req.uow, number(action), actor_id=req.user_id)
    req.uow.commit()
    req.open_modal(trail_modal(view, entries))
