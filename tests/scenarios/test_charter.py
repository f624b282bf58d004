"""F5's charter at its limits: a large pilot, a charter deleted in Slack, changes racing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_app.domain.workspace import Workspace
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.big_pilot import fill
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add
from tests.support.team_flows import buttons
from tests.support.team_steps import ERIN


def test_a_large_pilots_charter_summarises_and_the_full_one_opens_in_a_modal(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    """40 milestones, 200 deliverables, 30 roles, 20 funding sources, 30 approvals."""
    fill(db, Workspace(fake_slack.team_id), running.pilot_id)

    assert add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB)) == {}

    message = sf.charter(fake_slack, running.channel)
    assert len(message["blocks"]) <= 50
    assert "*41 milestones*, *67 of 200 deliverables done*, *30 roles*" in str(message["blocks"])
    opened = len(fake_slack.calls_to("views.open"))
    response = slack.block_action(
        buttons(message)["open_full_charter"], user=ERIN, message=message, channel=running.channel
    )
    assert response.status_code == 200
    slack.wait_idle()
    [call] = fake_slack.calls_to("views.open")[opened:]
    assert call.response["ok"], call.response
    assert len(call.args["view"]["blocks"]) <= 100
    # The forms' pickers hold every one of the 200 deliverables, grouped by milestone.
    form = sf.open_form(slack, fake_slack, "deliverable", user=ALICE, channel=running.channel)
    [picker] = [b for b in form["blocks"] if b.get("block_id") == "pick"]
    groups = picker["elements"][0]["option_groups"]
    assert sum(len(g["options"]) for g in groups) == 200


def _charters(fake: FakeSlack, running: Running) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(running.channel)
        if (m.get("metadata") or {}).get("event_type") == "pilot_charter"
    ]


def test_a_charter_deleted_in_slack_is_posted_again_on_the_next_change(
    slack: SlackSender, fake_slack: FakeSlack, running: Running
) -> None:
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    [old] = _charters(fake_slack, running)
    web_client(BOT_TOKEN, fake_slack.url).chat_delete(channel=running.channel, ts=old["ts"])

    add(slack, fake_slack, running, "milestone", sf.milestone(title="Second", owner=BOB))

    [new] = _charters(fake_slack, running)
    assert new["ts"] != old["ts"]
    assert "*Second*" in str(new["blocks"])


def test_changes_at_the_same_moment_post_one_charter_showing_both(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    forms = [
        sf.open_form(slack, fake_slack, "funding", user=ALICE, channel=running.channel)
        for _ in range(3)
    ]

    def save(n: int) -> int:
        state = sf.funding(source=f"Budget {n}")
        return slack.view_submission(forms[n], state, user=ALICE).status_code

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(save, range(3))) == [200] * 3
    slack.wait_idle()

    [charter] = _charters(fake_slack, running)
    for n in range(3):
        assert f"Budget {n} · 12,500.50 EUR" in str(charter["blocks"])
