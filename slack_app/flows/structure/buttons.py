"""F5 buttons: open a part's form (charter, header, Home), switch the form to an existing
one, remove one, read the full charter."""

from __future__ import annotations

from typing import Any

from slack_app.domain.errors import NotFound
from slack_app.domain.structure import Kind
from slack_app.flows.request import Request
from slack_app.flows.structure.changes import effects_of
from slack_app.flows.structure.charter import charter_modal
from slack_app.flows.structure.forms import FORGED, form_target, items_of
from slack_app.flows.structure.opening import form_for, open_form, removed_note, show_modal
from slack_app.flows.values import ident, modal_of, number
from slack_app.services.snapshots import load_snapshot
from slack_app.services.structure import remove_item


def _kind_and_pilot(action: dict[str, Any]) -> tuple[Kind, int]:
    """``kind:pilot`` from a button's value or an overflow menu's chosen option."""
    raw = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    try:
        kind, pilot = raw.split(":", 1)
        return Kind(kind), ident(pilot)
    except ValueError:
        raise NotFound(FORGED) from None


def handle_open_structure(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    kind, pilot_id = _kind_and_pilot(action)
    open_form(req, kind, pilot_id=pilot_id)


def handle_pick_item(req: Request, action: dict[str, Any]) -> None:
    """Show the chosen one in the form, to edit or remove it."""
    req.ack()
    view = modal_of(req.body)
    pilot_id, kind, _ = form_target(view)
    snapshot = load_snapshot(req.uow, actor_id=req.user_id, pilot_id=pilot_id)
    req.uow.commit()
    chosen = (action.get("selected_option") or {}).get("value")
    item = next((i for i in items_of(kind, snapshot.structure) if str(i.id) == chosen), None)
    if item is None:
        raise NotFound(f"That {kind.value} is not one of this pilot's (or it was removed).")
    client, shown = req.client, form_for(snapshot, kind, req.user_id, item)

    def show() -> None:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=shown)

    req.after_ack(show)


def handle_remove_item(req: Request, action: dict[str, Any]) -> None:
    """Remove it (the button asked for confirmation), then show the form empty again."""
    req.ack()
    view = modal_of(req.body)
    pilot_id, kind, _ = form_target(view)
    now = req.now()
    changed = remove_item(
        req.uow,
        pilot_id=pilot_id,
        kind=kind,
        item_id=number(action),
        actor_id=req.user_id,
        now=now,
    )
    req.uow.record(effects_of(changed), now=now)
    req.uow.commit()
    client = req.client
    emptied = form_for(changed.snapshot, kind, req.user_id, note=removed_note(kind, changed.item))

    def show() -> None:
        client.views_update(view_id=view["id"], view=emptied)

    req.after_ack(show)


def handle_open_full_charter(req: Request, action: dict[str, Any]) -> None:
    req.ack()
    snapshot = load_snapshot(req.uow, actor_id=req.user_id, pilot_id=number(action))
    req.uow.commit()
    show_modal(req, charter_modal(snapshot.view, snapshot.structure, snapshot.roster))
