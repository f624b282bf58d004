"""F5: the structure of accountability built in the pilot channel, the charter kept current."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.domain.structure import Kind
from slack_app.domain.workspace import Workspace
from slack_app.flows.structure.forms import items_of
from slack_app.store.database import Database
from slack_app.store.models import DeliverableRow
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.clock import in_words
from tests.support.pilot_flows import (
    audit,
)
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, charter_text, edit_first, structure
from tests.support.team_flows import opened_view
from tests.support.team_steps import DAVE, ERIN


def test_a_milestone_is_added_and_the_charter_posted(
    slack: SlackSender, fake_slack: FakeSlack, running: Running
) -> None:
    assert add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB)) == {}

    charter = sf.charter(fake_slack, running.channel)
    due = in_words(sf.MILESTONE_DUE)
    assert f"*Answer within an hour* · due {due} · <@U0BOB00001> · not started" in str(
        charter["blocks"]
    )
    told = fake_slack.told(BOB)[-1]["text"]
    assert "You now own the milestone *Answer within an hour*" in told
    assert f"due {due}" in told


def test_milestones_are_edited_and_removed_and_the_charter_follows_in_place(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    first_ts = sf.charter(fake_slack, running.channel)["ts"]
    [m] = structure(db, fake_slack, running).milestones

    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    title = next(b for b in form["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Answer within an hour"
    state = sf.milestone(title="Answer within 30 minutes", owner=BOB, status="at_risk")
    assert sf.submit(slack, form, state, user=ALICE) == {}

    assert sf.charter(fake_slack, running.channel)["ts"] == first_ts
    assert "*Answer within 30 minutes*" in charter_text(fake_slack, running)
    assert "at risk" in charter_text(fake_slack, running)
    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    after = sf.remove(slack, fake_slack, form, user=ALICE)
    assert "Removed the milestone “Answer within 30 minutes”" in str(after["blocks"])
    assert structure(db, fake_slack, running).milestones == []
    assert "_No milestones yet._" in charter_text(fake_slack, running)
    assert [e[1] for e in audit(db) if e[0] == ALICE][-3:] == ["add", "edit", "remove"]


def test_deliverables_belong_to_a_milestone_and_can_be_done(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    opened = len(fake_slack.calls_to("views.open"))
    assert slack.command("deliverable", user=ALICE, channel=running.channel).status_code == 200
    slack.wait_idle()
    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Add a milestone first" in fake_slack.told(ALICE)[-1]["text"]

    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    assert add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN)) == {}
    [d] = structure(db, fake_slack, running).deliverables
    assert (d.milestone_id, d.owner_id, d.done) == (m.id, ERIN, False)
    assert "You now own the deliverable" in fake_slack.told(ERIN)[-1]["text"]
    assert ":white_square: A chat widget on the help page · <@U0ERIN0001>" in charter_text(
        fake_slack, running
    )

    form = edit_first(slack, fake_slack, running, "deliverable", d.id)
    [picker] = [b for b in form["blocks"] if b.get("block_id") == "pick"]
    assert picker["elements"][0]["option_groups"][0]["label"]["text"] == "Answer within an hour"
    sf.submit(slack, form, sf.deliverable(m.id, owner=ERIN, done=True), user=ALICE)

    [d] = structure(db, fake_slack, running).deliverables
    assert (d.done, d.done_by) == (True, ALICE)
    assert ":white_check_mark: A chat widget" in charter_text(fake_slack, running)
    [win] = [m for m in fake_slack.messages(running.channel) if "Small win" in m["text"]]
    assert "The deliverable *A chat widget on the help page* is done" in win["text"]


def test_removing_a_milestone_with_deliverables_asks_first_and_keeps_the_history(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN))

    form = edit_first(slack, fake_slack, running, "milestone", m.id)
    [remove] = [b for b in form["blocks"] if b.get("block_id") == "remove"]
    assert "Its 1 deliverable(s) are removed with it." in str(remove["elements"][0]["confirm"])
    sf.remove(slack, fake_slack, form, user=ALICE)

    now = structure(db, fake_slack, running)
    assert (now.milestones, now.deliverables) == ([], [])
    with db.unit_of_work(Workspace(fake_slack.team_id)) as uow:
        kept = uow.session.scalars(select(DeliverableRow)).all()
        assert [(r.removed_by, r.removed_at is not None) for r in kept] == [(ALICE, True)]


def test_roles_custom_ones_and_the_right_to_edit(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    custom = sf.role(
        BOB, kind="custom", custom="Data steward", responsibility="The numbers", can_edit=True
    )
    assert add(slack, fake_slack, running, "role", custom) == {}
    [r] = structure(db, fake_slack, running).roles
    assert (r.name, r.can_edit) == ("Data steward", True)
    assert "<@U0BOB00001> · *Data steward*: The numbers · can edit the structure" in charter_text(
        fake_slack, running
    )
    assert "You are now *Data steward*" in fake_slack.told(BOB)[-1]["text"]

    # Bob may now edit the structure, but not hand the right on.
    assert add(slack, fake_slack, running, "milestone", sf.milestone(owner=ERIN), user=BOB) == {}
    refused = add(slack, fake_slack, running, "role", sf.role(ERIN, can_edit=True), user=BOB)
    assert refused["errors"] == {
        "can_edit": "Only the lead can give the right to edit the structure."
    }
    missing = add(slack, fake_slack, running, "role", sf.role(ERIN, kind="custom"))
    assert missing["errors"] == {"custom_name": "Name the role."}


def test_someone_without_the_right_is_refused_and_nothing_changes(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    opened = len(fake_slack.calls_to("views.open"))

    for kind in ("milestone", "role", "funding", "approval"):
        assert slack.command(kind, user=ERIN, channel=running.channel).status_code == 200
    slack.wait_idle()

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "Only the lead, <@U0ALICE001>" in fake_slack.told(ERIN)[-1]["text"]
    # A form opened by the lead and submitted as Erin (a forged submission) changes nothing.
    view = sf.open_form(slack, fake_slack, "funding", user=ALICE, channel=running.channel)
    refused = sf.submit(slack, view, sf.funding(), user=ERIN)
    assert "Only the lead" in refused["errors"]["source"]
    assert structure(db, fake_slack, running).funding == []


def test_an_owner_updates_the_status_of_their_own_milestone_and_nothing_else(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones

    form = sf.open_form(slack, fake_slack, "milestone", user=BOB, channel=running.channel)
    assert "You can update the status of the ones you own." in str(form["blocks"])
    form = sf.pick(slack, fake_slack, form, m.id, user=BOB)
    assert sf.submit(slack, form, sf.milestone(owner=BOB, status="on_track"), user=BOB) == {}
    assert structure(db, fake_slack, running).milestones[0].status.value == "on_track"

    renamed = sf.submit(slack, form, sf.milestone(title="Mine now", owner=BOB), user=BOB)
    assert "Only the lead" in renamed["errors"]["title"]
    assert structure(db, fake_slack, running).milestones[0].title == "Answer within an hour"


def test_funding_sources_add_up_per_currency(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "funding", sf.funding(amount="12,500.50"))
    add(
        slack,
        fake_slack,
        running,
        "funding",
        sf.funding("Innovation fund", "5000", "eur", "committed", committed_by=DAVE),
    )
    add(
        slack,
        fake_slack,
        running,
        "funding",
        sf.funding("Vendor credit", "2000", "USD", "received", committed_by=DAVE),
    )

    sources = structure(db, fake_slack, running).funding
    assert [(f.amount, f.currency, f.status.value) for f in sources] == [
        (Decimal("12500.50"), "EUR", "requested"),
        (Decimal("5000.00"), "EUR", "committed"),
        (Decimal("2000.00"), "USD", "received"),
    ]
    text = charter_text(fake_slack, running)
    assert "EUR: 17,500.50 requested · 5,000.00 committed · 0.00 received" in text
    assert "USD: 2,000.00 requested · 2,000.00 committed · 2,000.00 received" in text
    assert "Innovation fund · 5,000.00 EUR · committed by <@U0DAVE0001>" in text


def _parts(milestone_id: int) -> dict[str, tuple[dict[str, Any], str, dict[str, Any], str]]:
    """Each kind: (added, how the charter shows it, edited, how the charter shows that)."""
    return {
        "deliverable": (
            sf.deliverable(milestone_id, owner=ERIN),
            "A chat widget on the help page",
            sf.deliverable(milestone_id, title="A chat bot", owner=ERIN),
            "A chat bot",
        ),
        "role": (
            sf.role(ERIN, responsibility="The chat rota"),
            "*Owner*: The chat rota",
            sf.role(ERIN, kind="member", responsibility="Weekend cover"),
            "*Member*: Weekend cover",
        ),
        "funding": (
            sf.funding(),
            "Support budget · 12,500.50 EUR · requested",
            sf.funding(amount="9000", status="committed", committed_by=DAVE),
            "Support budget · 9,000.00 EUR · committed by <@U0DAVE0001>",
        ),
        "approval": (
            sf.approval(ERIN),
            "Data protection review",
            sf.approval(ERIN, what="Works council review"),
            "Works council review",
        ),
    }


@pytest.mark.parametrize("kind", ["deliverable", "role", "funding", "approval"])
def test_each_part_is_added_edited_and_removed_with_the_charter_current_after_each(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running, kind: str
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    added, shown, edited, shown_after = _parts(m.id)[kind]

    assert add(slack, fake_slack, running, kind, added) == {}
    assert shown in charter_text(fake_slack, running)

    [item] = items_of(Kind(kind), structure(db, fake_slack, running))
    form = edit_first(slack, fake_slack, running, kind, item.id)
    assert sf.submit(slack, form, edited, user=ALICE) == {}
    assert shown_after in charter_text(fake_slack, running)
    assert shown not in charter_text(fake_slack, running).replace(shown_after, "")

    form = edit_first(slack, fake_slack, running, kind, item.id)
    sf.remove(slack, fake_slack, form, user=ALICE)
    assert shown_after not in charter_text(fake_slack, running)
    assert items_of(Kind(kind), structure(db, fake_slack, running)) == []
    actions = [e[1] for e in audit(db) if e[0] == ALICE]
    assert actions[-3:] == ["add", "edit", "remove"]


def test_an_owner_marks_their_own_deliverable_done_but_not_someone_elses(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [m] = structure(db, fake_slack, running).milestones
    add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, owner=ERIN))
    add(slack, fake_slack, running, "deliverable", sf.deliverable(m.id, title="Bob's", owner=BOB))
    erins, bobs = structure(db, fake_slack, running).deliverables

    form = sf.open_form(slack, fake_slack, "deliverable", user=ERIN, channel=running.channel)
    mine = sf.pick(slack, fake_slack, form, erins.id, user=ERIN)
    assert sf.submit(slack, mine, sf.deliverable(m.id, owner=ERIN, done=True), user=ERIN) == {}
    theirs = sf.pick(slack, fake_slack, form, bobs.id, user=ERIN)
    refused = sf.submit(
        slack, theirs, sf.deliverable(m.id, title="Bob's", owner=BOB, done=True), user=ERIN
    )

    assert "Only the lead" in refused["errors"]["title"]
    done = {d.title: (d.done, d.done_by) for d in structure(db, fake_slack, running).deliverables}
    assert done == {"A chat widget on the help page": (True, ERIN), "Bob's": (False, None)}


def _menu(message: dict[str, Any]) -> dict[str, Any]:
    return next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "overflow"
    )


def _choose(
    slack: SlackSender, fake: FakeSlack, menu: dict[str, Any], kind: str, **where: Any
) -> dict[str, Any]:
    """Pick ``kind`` in a Structure… menu: the form it opened."""
    before = len(fake.calls_to("views.open"))
    [option] = [o for o in menu["options"] if o["value"].startswith(f"{kind}:")]
    response = slack.block_action({**menu, "selected_option": option}, user=ALICE, **where)
    assert response.status_code == 200
    slack.wait_idle()
    return opened_view(fake, before)


def test_the_pilot_header_and_the_home_tab_open_the_forms(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    header = next(
        m
        for m in fake_slack.messages(running.channel)
        if (m.get("metadata") or {}).get("event_type") == "pilot_header"
    )
    form = _choose(
        slack, fake_slack, _menu(header), "funding", message=header, channel=running.channel
    )
    assert sf.submit(slack, form, sf.funding(), user=ALICE) == {}

    home = fake_slack.home_view(ALICE)
    assert home is not None
    form = _choose(slack, fake_slack, _menu(home), "role")
    assert sf.submit(slack, form, sf.role(ERIN), user=ALICE) == {}

    now = structure(db, fake_slack, running)
    assert (len(now.funding), len(now.roles)) == (1, 1)


def test_stand_charter_opens_the_whole_charter(
    slack: SlackSender, fake_slack: FakeSlack, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    before = len(fake_slack.calls_to("views.open"))

    assert slack.command("charter", user=ERIN, channel=running.channel).status_code == 200
    slack.wait_idle()

    view = opened_view(fake_slack, before)
    assert view["title"]["text"] == "The charter"
    assert "*Answer within an hour*" in str(view["blocks"])
