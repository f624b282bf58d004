"""After a change to the structure: the charter redrawn, new owners told, an approval put
to its approver, overtaken requests retired."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from slack_app.blocks.checkins import small_win
from slack_app.blocks.text import clip, escape, long_date
from slack_app.domain.structure import Approval, Deliverable, Milestone, Role
from slack_app.domain.workspace import Workspace
from slack_app.services.structure import Changed
from slack_app.slack.approvals import put_to_approver, retire
from slack_app.slack.errors import best_effort
from slack_app.slack.structure import refresh_charter
from slack_app.store.database import Database


def _tell(client: WebClient, user_id: str, text: str) -> None:
    best_effort("tell the owner", lambda: client.chat_postMessage(channel=user_id, text=text))


def _what_they_own(changed: Changed) -> str:
    item, title = changed.item, escape(clip(changed.snapshot.pilot.title, 150))
    if isinstance(item, Milestone):
        return (
            f"You now own the milestone *{escape(item.title)}* of the pilot {title}, "
            f"due {long_date(item.due)}."
        )
    if isinstance(item, Deliverable):
        return (
            f"You now own the deliverable *{escape(item.title)}* of the pilot {title}, "
            f"due {long_date(item.due)}."
        )
    if isinstance(item, Role):
        return (
            f"You are now *{escape(item.name)}* on the pilot {title}, responsible for: "
            f"{escape(item.responsibility)}"
        )
    return f"You now hold a part of the pilot {title}."


def _celebrate(client: WebClient, changed: Changed) -> None:
    """Done through the structure's form: the same small win as from a check-in."""
    item, team = changed.item, changed.snapshot.view.team
    if team is None or not isinstance(item, Milestone | Deliverable):
        return
    text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
    channel = team.channel_id
    best_effort(
        "celebrate a small win", lambda: client.chat_postMessage(channel=channel, text=text)
    )


def after_change(
    client: WebClient, db: Database, ws: Workspace, changed: Changed, *, now: datetime
) -> None:
    """Redraw the charter, tell new owners, and put an approval to its approver."""
    retire(client, db, ws, changed.stale)
    pilot_id = changed.snapshot.pilot.id
    best_effort("redraw the charter", lambda: refresh_charter(client, db, ws, pilot_id, now=now))
    for user_id in changed.assigned:
        text = _what_they_own(changed)
        _tell(client, user_id, text)
    if changed.finished:
        _celebrate(client, changed)
    if changed.request is not None and isinstance(changed.item, Approval):
        put_to_approver(client, db, ws, changed.request, changed.snapshot.pilot.proposer_id)
