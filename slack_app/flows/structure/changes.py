"""After a change to the structure, once it is committed: new owners told, an approval put
to its approver, overtaken requests retired (the charter is redrawn through the outbox).
All of it is drawn from the change's own snapshot: the pilot is not loaded again."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.structure import Deliverable, Milestone
from slack_app.domain.workspace import Workspace
from slack_app.flows.checkins.messages import small_win
from slack_app.flows.structure.approvals import put_to_approver, retire
from slack_app.flows.structure.messages import what_they_own
from slack_app.services import Database
from slack_app.services.structure import Changed
from slack_app.slack.posting import tell


def _celebrate(client: WebClient, changed: Changed) -> None:
    """Done through the structure's form: the same small win as from a check-in."""
    item, team = changed.item, changed.snapshot.view.team
    if team is None or not isinstance(item, Milestone | Deliverable):
        return
    text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
    tell(client, team.channel_id, text, what="celebrate a small win")


def after_change(
    client: WebClient, db: Database, ws: Workspace, changed: Changed, *, now: datetime
) -> None:
    """Tell new owners, and put an approval to its approver (the charter's redraw is in the
    outbox, recorded with the change)."""
    retire(client, changed)
    for user_id in changed.assigned:
        tell(client, user_id, what_they_own(changed), what="tell the owner")
    if changed.finished:
        _celebrate(client, changed)
    put_to_approver(client, db, ws, changed)
