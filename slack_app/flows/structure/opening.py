"""Opening a part's form (from `/stand milestone` and the like, the charter, the pilot's
header or Home) for the lead, the people they allow, and owners for their own status."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from slack_app.blocks.ids import Subcommand
from slack_app.blocks.text import clip, escape
from slack_app.domain.errors import DomainError, NotAllowed
from slack_app.domain.structure import Deliverable, Item, Kind, Milestone
from slack_app.flows.request import Request
from slack_app.flows.structure.forms import TITLES, structure_form
from slack_app.services.snapshots import PilotSnapshot, load_snapshot

# The `/stand` sub-commands that open a form, and the part each one is about.
FORMS = {
    Subcommand.MILESTONE: Kind.MILESTONE,
    Subcommand.DELIVERABLE: Kind.DELIVERABLE,
    Subcommand.ROLE: Kind.ROLE,
    Subcommand.FUNDING: Kind.FUNDING,
    Subcommand.APPROVAL: Kind.APPROVAL,
}


def form_for(
    snapshot: PilotSnapshot,
    kind: Kind,
    actor_id: str,
    item: Item | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    view = structure_form(
        kind,
        pilot_id=snapshot.pilot.id,
        structure=snapshot.structure,
        dates=snapshot.dates,
        item=item,
        may_grant=actor_id == snapshot.pilot.proposer_id,
        note=note,
    )
    return view.to_dict()


def _owns_some(snapshot: PilotSnapshot, kind: Kind, actor_id: str) -> bool:
    owned: list[Milestone | Deliverable] = []
    if kind is Kind.MILESTONE:
        owned += snapshot.structure.milestones
    elif kind is Kind.DELIVERABLE:
        owned += snapshot.structure.deliverables
    return any(item.owner_id == actor_id for item in owned)


def open_form(
    req: Request, kind: Kind, *, pilot_id: int | None = None, channel_id: str | None = None
) -> None:
    """Open the form of ``kind`` for the pilot on the button or of the channel."""
    actor_id = req.user_id
    snapshot = load_snapshot(req.uow, actor_id=actor_id, pilot_id=pilot_id, channel_id=channel_id)
    req.uow.commit()  # nothing to store: the read ends before Slack is called
    if not snapshot.pilot.open:
        raise DomainError("This pilot is closed, so its structure can't change any more.")
    if not (snapshot.may_edit or _owns_some(snapshot, kind, actor_id)):
        raise NotAllowed(
            f"Only the lead, <@{snapshot.pilot.proposer_id}>, and the people they allow can "
            "change this pilot's structure."
        )
    if kind is Kind.DELIVERABLE and not snapshot.structure.milestones:
        raise DomainError("Add a milestone first: every deliverable belongs to one.")
    note = None if snapshot.may_edit else "You can update the status of the ones you own."
    show_modal(req, form_for(snapshot, kind, actor_id, note=note))


def show_modal(req: Request, view: dict[str, Any] | View) -> None:
    """Open ``view`` on the effects pool, once the request is acked and committed."""
    req.open_modal(view)


def open_structure_form(req: Request, command: dict[str, Any]) -> None:
    """`/stand milestone` (and the others) in a pilot channel."""
    subcommand = Subcommand((command.get("text") or "").split()[0].lower())
    open_form(req, FORMS[subcommand], channel_id=command.get("channel_id"))


def removed_note(kind: Kind, item: Item) -> str:
    label = (
        getattr(item, "title", None)
        or getattr(item, "what", None)
        or getattr(item, "source", None)
        or getattr(item, "name", "")
    )
    return f":wastebasket: Removed the {TITLES[kind].lower()} “{escape(clip(str(label), 150))}”."
