"""F5 buttons: open a part's form (charter, header, Home), switch the form to an existing
one, remove one, read the full charter."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slack_app.blocks.charter import charter_modal
from slack_app.blocks.structure_forms import form_target, items_of
from slack_app.domain.errors import NotFound
from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.flows.values import number
from slack_app.middleware import Deps
from slack_app.services.snapshots import pilot_snapshot
from slack_app.services.structure import remove_item
from slack_app.slack.structure import form_for, open_form, removed_note
from slack_app.slack.structure_changes import after_change

FORGED = "That form no longer matches anything here."


def _kind_and_pilot(action: dict[str, Any]) -> tuple[Kind, int]:
    """``kind:pilot`` from a button's value or an overflow menu's chosen option."""
    raw = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    try:
        kind, pilot = raw.split(":", 1)
        return Kind(kind), int(pilot)
    except ValueError:
        raise NotFound(FORGED) from None


def handle_open_structure(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    ack()
    kind, pilot_id = _kind_and_pilot(action)
    open_form(
        client,
        deps.db,
        workspace,
        actor_id=body["user"]["id"],
        trigger_id=body["trigger_id"],
        kind=kind,
        pilot_id=pilot_id,
    )


def _target(body: dict[str, Any]) -> tuple[int, Kind, int | None]:
    try:
        return form_target(body.get("view") or {})
    except (ValueError, KeyError):
        raise NotFound(FORGED) from None


def handle_pick_item(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Show the chosen one in the form, to edit or remove it."""
    ack()
    pilot_id, kind, _ = _target(body)
    actor_id = body["user"]["id"]
    snapshot = pilot_snapshot(deps.db, workspace, actor_id=actor_id, pilot_id=pilot_id)
    chosen = (action.get("selected_option") or {}).get("value")
    item = next((i for i in items_of(kind, snapshot.structure) if str(i.id) == chosen), None)
    if item is None:
        raise NotFound(f"That {kind.value} is not one of this pilot's (or it was removed).")
    view = body["view"]
    client.views_update(
        view_id=view["id"], hash=view.get("hash"), view=form_for(snapshot, kind, actor_id, item)
    )


def handle_remove_item(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    """Remove it (the button asked for confirmation), then show the form empty again."""
    ack()
    pilot_id, kind, _ = _target(body)
    actor_id = body["user"]["id"]
    changed = remove_item(
        deps.db,
        workspace,
        pilot_id=pilot_id,
        kind=kind,
        item_id=number(action),
        actor_id=actor_id,
        now=deps.now(),
    )
    view = body["view"]
    note = removed_note(kind, changed.item)
    client.views_update(
        view_id=view["id"], view=form_for(changed.snapshot, kind, actor_id, note=note)
    )
    after_change(client, deps.db, workspace, changed, now=deps.now())


def handle_open_full_charter(
    *,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    deps: Deps,
    workspace: Workspace,
) -> None:
    ack()
    snapshot = pilot_snapshot(
        deps.db, workspace, actor_id=body["user"]["id"], pilot_id=number(action)
    )
    client.views_open(
        trigger_id=body["trigger_id"],
        view=charter_modal(snapshot.view, snapshot.structure, snapshot.roster),
    )
