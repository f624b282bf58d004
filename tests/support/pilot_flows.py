"""Steps of F4 as people take them in Slack, for scenario tests: propose, decide, withdraw.

Each step sends a signed request and waits until the app's listeners are idle, so that what
the fake Slack shows afterwards is everything the step did.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import AuditRow, DecisionRow, PilotRow
from tests.fakeslack import FakeSlack
from tests.support.clock import days_from_epoch
from tests.support.signed import SlackSender
from tests.support.team_flows import buttons, opened_view

# The pilot runs from six days after the epoch (in the future on every calendar) for 87 days.
START = days_from_epoch(6)
END = START + timedelta(days=87)
CONCEPT = "Customers answered within an hour buy twice as often."


def open_by_command(
    slack: SlackSender, fake: FakeSlack, *, user: str, channel: str = "C0GENERAL1"
) -> dict[str, Any]:
    """`/stand pilot` in ``channel``: the modal the app opened."""
    before = len(fake.calls_to("views.open"))
    assert slack.command("pilot", user=user, channel=channel).status_code == 200
    return opened_view(fake, before)


def press(
    slack: SlackSender,
    fake: FakeSlack,
    message: dict[str, Any],
    action_id: str,
    *,
    user: str,
    channel: str,
) -> httpx.Response:
    """Press a button of ``message`` (in ``channel``) as ``user``; wait for the app."""
    response = slack.block_action(
        buttons(message)[action_id], user=user, message=message, channel=channel
    )
    assert response.status_code == 200
    slack.wait_idle()
    return response


def open_by_button(
    slack: SlackSender,
    fake: FakeSlack,
    message: dict[str, Any],
    *,
    user: str,
    channel: str,
    action_id: str = "open_pilot_proposal",
) -> dict[str, Any]:
    before = len(fake.calls_to("views.open"))
    press(slack, fake, message, action_id, user=user, channel=channel)
    return opened_view(fake, before)


def proposal_values(
    view: dict[str, Any],
    *,
    concept: str | None = CONCEPT,
    scope: str | None = "The support team's EMEA queue, for one quarter.",
    start: date | None = START,
    end: date | None = END,
    learning: str | None = "Repeat purchases of answered customers, against last quarter.",
    resources: str | None = "Two agents half-time; a chat tool licence.",
    sponsor: str | None = None,
    shielded: bool = False,
    send: bool = True,
) -> dict[str, Any]:
    """The modal's state as Slack sends it, for the inputs the view actually has."""
    ids = {block.get("block_id") for block in view["blocks"]}

    def text(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    def day(value: date | None) -> dict[str, Any]:
        return {"type": "datepicker", "selected_date": value.isoformat() if value else None}

    values: dict[str, Any] = {
        "concept": {"concept": text(concept)},
        "scope": {"scope": text(scope)},
        "start": {"start": day(start)},
        "end": {"end": day(end)},
        "learning": {"learning": text(learning)},
        "resources": {"resources": text(resources)},
        "sponsor": {"sponsor": {"type": "users_select", "selected_user": sponsor}},
    }
    if "stand" in ids:
        block = next(b for b in view["blocks"] if b.get("block_id") == "stand")
        chosen = block["element"].get("initial_option")
        values["stand"] = {"stand": {"type": "static_select", "selected_option": chosen}}
    if "shielded" in ids:
        option = {"value": "private", "text": {"type": "plain_text", "text": "Shield"}}
        picked = [option] if shielded else []
        values["shielded"] = {"shielded": {"type": "checkboxes", "selected_options": picked}}
    if "send" in ids:
        value = "send" if send else "draft"
        choice = {"value": value, "text": {"type": "plain_text", "text": value}}
        values["send"] = {"send": {"type": "radio_buttons", "selected_option": choice}}
    return values


def submit(
    slack: SlackSender, view: dict[str, Any], values: dict[str, Any], *, user: str
) -> dict[str, Any]:
    """Submit the modal; the ack's body ({} when it closed), after the app is done."""
    response = slack.view_submission(view, values, user=user)
    assert response.status_code == 200
    slack.wait_idle()
    body: dict[str, Any] = response.json() if response.content else {}
    return body


def propose(
    slack: SlackSender,
    fake: FakeSlack,
    *,
    user: str,
    sponsor: str,
    send: bool = True,
    **values: Any,
) -> dict[str, Any]:
    """`/stand pilot`, fill in, submit: the ack's body."""
    view = open_by_command(slack, fake, user=user)
    return submit(
        slack, view, proposal_values(view, sponsor=sponsor, send=send, **values), user=user
    )


# -- what people see -------------------------------------------------------------------------
def with_button(messages: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    return [m for m in messages if action_id in buttons(m)]


def request_dm(fake: FakeSlack, sponsor: str) -> dict[str, Any]:
    """The sponsor's newest decision request (with or without buttons)."""
    return [m for m in fake.dm_messages(sponsor) if "asks for your buy-in" in m["text"]][-1]


def proposer_dm(fake: FakeSlack, proposer: str) -> dict[str, Any]:
    [dm] = [m for m in fake.dm_messages(proposer) if m["text"].startswith("Your pilot proposal")]
    return dm


def decide(
    slack: SlackSender,
    fake: FakeSlack,
    *,
    sponsor: str,
    action_id: str,
    note: str | None = None,
    user: str | None = None,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Press a decision button in the sponsor's DM (as ``user``, default the sponsor); for
    a note modal, submit ``note``. The note modal's ack body, or {}."""
    dm = message or request_dm(fake, sponsor)
    channel = fake.workspace.dm_ids[sponsor]
    before = len(fake.calls_to("views.open"))
    press(slack, fake, dm, action_id, user=user or sponsor, channel=channel)
    if note is None:
        return {}
    view = opened_view(fake, before)
    values = {"note": {"note": {"type": "plain_text_input", "value": note}}}
    return submit(slack, view, values, user=user or sponsor)


# -- what is stored ----------------------------------------------------------------------------
def pilots(db: Database) -> list[PilotRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(PilotRow).order_by(PilotRow.id)))


def the_pilot(db: Database) -> PilotRow:
    [pilot] = pilots(db)
    return pilot


def decisions(db: Database) -> list[DecisionRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(DecisionRow).order_by(DecisionRow.id)))


def audit(db: Database) -> list[tuple[str, str, str, str, str | None]]:
    """(actor, action, from, to, note) of every entry, in order."""
    with db.across_workspaces() as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.at, AuditRow.id))
        return [(r.actor_id, r.action, r.before, r.after, r.note) for r in rows]


# -- a pilot proposed to a sponsor (the decision tests' starting point) ------------------------
APPROVE, CHANGES, DECLINE = "decide_approve", "decide_request_changes", "decide_decline"


def dm_channel(fake: FakeSlack, user: str) -> str:
    return fake.workspace.dm_ids[user]


def last_words(fake: FakeSlack, user: str) -> str:
    """The newest thing the app told ``user`` alone (a DM, or a reply where they acted)."""
    return str(fake.told(user)[-1]["text"])


def edit_while_proposed(
    slack: SlackSender, fake: FakeSlack, *, proposer: str, sponsor: str
) -> None:
    """The proposer edits the proposed pilot (its scope): a new version goes to the sponsor."""
    edit = open_by_button(
        slack, fake, proposer_dm(fake, proposer), user=proposer, channel=dm_channel(fake, proposer)
    )
    values = proposal_values(edit, scope="Only Tuesdays.", sponsor=sponsor)
    assert submit(slack, edit, values, user=proposer) == {}
