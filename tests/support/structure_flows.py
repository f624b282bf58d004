"""Steps of F5 as people take them in Slack, for scenario tests: open a form, fill it in,
pick one to edit, remove it; and reading the charter back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from slack_app.domain.structure import Structure
from slack_app.domain.workspace import Workspace
from slack_app.services.structure import structure_of
from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.pilot_flows import START
from tests.support.signed import SlackSender
from tests.support.team_flows import opened_view


def open_form(
    slack: SlackSender, fake: FakeSlack, kind: str, *, user: str, channel: str
) -> dict[str, Any]:
    """`/stand <kind>` in ``channel``: the form the app opened."""
    before = len(fake.calls_to("views.open"))
    assert slack.command(kind, user=user, channel=channel).status_code == 200
    slack.wait_idle()
    return opened_view(fake, before)


def text(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def day(value: date | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": value.isoformat() if value else None}


def user(value: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": value}


def choice(value: str | None) -> dict[str, Any]:
    option = (
        None if value is None else {"value": value, "text": {"type": "plain_text", "text": value}}
    )
    return {"type": "static_select", "selected_option": option}


def ticked(on: bool) -> dict[str, Any]:
    options = [{"value": "yes", "text": {"type": "plain_text", "text": "yes"}}] if on else []
    return {"type": "checkboxes", "selected_options": options}


def number(value: str | None) -> dict[str, Any]:
    return {"type": "number_input", "value": value}


def values(**fields: dict[str, Any]) -> dict[str, Any]:
    """State values: each block id → its element's state (action id = block id)."""
    return {block: {block: state} for block, state in fields.items()}


# Due dates inside the pilot: a deliverable, then its milestone, then an approval.
MILESTONE_DUE = START + timedelta(days=14)
DELIVERABLE_DUE = START + timedelta(days=9)
APPROVAL_DUE = START + timedelta(days=19)


def milestone(
    title: str = "Answer within an hour",
    due: date = MILESTONE_DUE,
    owner: str | None = None,
    status: str = "not_started",
    outside: bool = False,
) -> dict[str, Any]:
    return values(
        title=text(title),
        due=day(due),
        owner=user(owner),
        status=choice(status),
        outside_ok=ticked(outside),
    )


def deliverable(
    milestone_id: int | None,
    title: str = "A chat widget on the help page",
    owner: str | None = None,
    due: date = DELIVERABLE_DUE,
    done: bool = False,
    outside: bool = False,
) -> dict[str, Any]:
    return values(
        title=text(title),
        milestone=choice(None if milestone_id is None else str(milestone_id)),
        owner=user(owner),
        due=day(due),
        done=ticked(done),
        outside_ok=ticked(outside),
    )


def role(
    person: str | None,
    kind: str = "owner",
    responsibility: str = "The chat rota",
    custom: str = "",
    can_edit: bool = False,
) -> dict[str, Any]:
    return values(
        person=user(person),
        role=choice(kind),
        custom_name=text(custom),
        responsibility=text(responsibility),
        can_edit=ticked(can_edit),
    )


def funding(
    source: str = "Support budget",
    amount: str | None = "12500.50",
    currency: str = "EUR",
    status: str = "requested",
    committed_by: str | None = None,
) -> dict[str, Any]:
    return values(
        source=text(source),
        amount=number(amount),
        currency=text(currency),
        status=choice(status),
        committed_by=user(committed_by),
    )


def approval(
    approver: str | None,
    what: str = "Data protection review",
    due: date = APPROVAL_DUE,
    outside: bool = False,
) -> dict[str, Any]:
    return values(
        what=text(what), approver=user(approver), due=day(due), outside_ok=ticked(outside)
    )


def submit(
    slack: SlackSender, view: dict[str, Any], state: dict[str, Any], *, user: str
) -> dict[str, Any]:
    """Submit the form; the ack's body ({} when it closed), once the app is done."""
    response = slack.view_submission(view, state, user=user)
    assert response.status_code == 200
    slack.wait_idle()
    body: dict[str, Any] = response.json() if response.content else {}
    return body


def in_view(
    slack: SlackSender,
    fake: FakeSlack,
    view: dict[str, Any],
    action: dict[str, Any],
    *,
    user: str,
    refused: bool = False,
) -> dict[str, Any]:
    """Use an element inside a modal (the picker, the remove button): the view it became
    ({} when ``refused``: the view must then stay as it was)."""
    before = len(fake.calls_to("views.update"))
    view = {**view, "hash": fake.views[view["id"]]["hash"]}  # the one Slack holds now
    response = slack.block_action(
        action, user=user, container={"type": "view", "view_id": view["id"]}, view=view
    )
    assert response.status_code == 200
    slack.wait_idle()
    if refused:
        assert len(fake.calls_to("views.update")) == before
        return {}
    call = fake.wait_for("views.update", count=before + 1)[-1]
    updated: dict[str, Any] = dict(call.args["view"])
    updated["id"] = view["id"]
    return updated


def pick(
    slack: SlackSender, fake: FakeSlack, view: dict[str, Any], item_id: int, *, user: str
) -> dict[str, Any]:
    """Choose an existing one in the form's picker: the form to edit it."""
    [picker] = [b for b in view["blocks"] if b.get("block_id") == "pick"]
    element = dict(picker["elements"][0])
    element["block_id"] = "pick"
    element["selected_option"] = {
        "value": str(item_id),
        "text": {"type": "plain_text", "text": "x"},
    }
    return in_view(slack, fake, view, element, user=user)


def remove(
    slack: SlackSender, fake: FakeSlack, view: dict[str, Any], *, user: str, refused: bool = False
) -> dict[str, Any]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == "remove"]
    button = dict(block["elements"][0])
    button["block_id"] = "remove"
    return in_view(slack, fake, view, button, user=user, refused=refused)


def charter(fake: FakeSlack, channel: str) -> dict[str, Any]:
    [found] = [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == "pilot_charter"
    ]
    return found


@dataclass(frozen=True)
class Running:
    """An approved pilot with its team in its channel."""

    channel: str
    pilot_id: int


def add(
    slack: SlackSender,
    fake: FakeSlack,
    running: Running,
    kind: str,
    state: dict[str, Any],
    user: str = ALICE,
) -> dict[str, Any]:
    view = open_form(slack, fake, kind, user=user, channel=running.channel)
    return submit(slack, view, state, user=user)


def structure(db: Database, fake: FakeSlack, running: Running) -> Structure:
    return structure_of(db, Workspace(fake.team_id), running.pilot_id)


def charter_text(fake: FakeSlack, running: Running) -> str:
    return str(charter(fake, running.channel)["blocks"])


def edit_first(
    slack: SlackSender,
    fake: FakeSlack,
    running: Running,
    kind: str,
    item_id: int,
    user: str = ALICE,
) -> dict[str, Any]:
    view = open_form(slack, fake, kind, user=user, channel=running.channel)
    return pick(slack, fake, view, item_id, user=user)
