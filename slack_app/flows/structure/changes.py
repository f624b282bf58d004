"""After a change to the structure: what people are told of it (recorded with it, for the
outbox), and, once it is committed, an approval put to its approver and overtaken requests
retired. All of it is drawn from the change's own snapshot: the pilot is not loaded again."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.outbox import Effect, tell
from slack_app.domain.structure import Deliverable, Milestone
from slack_app.domain.workspace import Workspace
from slack_app.flows.checkins.messages import small_win
from slack_app.flows.structure.approvals import put_to_approver, retire
from slack_app.flows.structure.messages import what_they_own
from slack_app.services import Database
from slack_app.services.structure import Changed


def notices(changed: Changed) -> list[Effect]:
    """What people are told of a change (through the outbox, with the change's commit): new
    owners what they own, and the pilot channel a small win when it finished something."""
    told = [tell(user_id, what_they_own(changed)) for user_id in changed.assigned]
    item, team = changed.item, changed.snapshot.view.team
    if changed.finished and team is not None and isinstance(item, Milestone | Deliverable):
        text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
        told.append(tell(team.channel_id, text))
    return told


def after_change(
    client: WebClient, db: Database, ws: Workspace, changed: Changed, *, now: datetime
) -> None:
    """Put an approval to its approver, and retire the requests it overtook (the charter's
    redraw and the notices are in the outbox, recorded with the change)."""
    retire(client, changed)
    put_to_approver(client, db, ws, changed)
