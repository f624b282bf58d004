"""F5's necessary approvals: each decided by its approver through the decision mechanism."""

from __future__ import annotations

import copy
from typing import Any

from slack_app.domain.workspace import Workspace
from slack_app.services.structure import structure_of
from slack_app.store.database import Database
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.pilot_flows import audit, decide, decisions
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add, charter_text, edit_first
from tests.support.team_flows import buttons
from tests.support.team_steps import DAVE, ERIN

APPROVE, CHANGES = "decide_approve", "decide_request_changes"


def approval_dm(fake: FakeSlack, approver: str) -> dict[str, Any]:
    return [m for m in fake.dm_messages(approver) if "asks for your approval" in m["text"]][-1]


def the_approval(db: Database, fake: FakeSlack, running: Running) -> Any:
    [found] = structure_of(db, Workspace(fake.team_id), running.pilot_id).approvals
    return found


def test_an_approval_goes_to_its_approver_and_their_decision_shows_on_the_charter(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    assert add(slack, fake_slack, running, "approval", sf.approval(ERIN)) == {}

    request = approval_dm(fake_slack, ERIN)
    assert "*What needs approving:* Data protection review" in str(request["blocks"])
    assert list(buttons(request)) == [APPROVE, CHANGES, "decide_decline"]
    assert ":hourglass: Data protection review · <@U0ERIN0001>" in charter_text(fake_slack, running)

    decide(slack, fake_slack, sponsor=ERIN, action_id=APPROVE, message=request)

    assert the_approval(db, fake_slack, running).status.value == "approved"
    assert ":white_check_mark: Data protection review" in charter_text(fake_slack, running)
    assert buttons(approval_dm(fake_slack, ERIN)) == {}
    assert "<@U0ERIN0001> approved the necessary approval" in fake_slack.told(ALICE)[-1]["text"]
    assert [e for e in audit(db) if e[1] == "approve"][-1][:4] == (
        ERIN,
        "approve",
        "pending",
        "approved",
    )


def test_only_the_approver_decides_and_changes_need_a_note(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "approval", sf.approval(ERIN))
    request = approval_dm(fake_slack, ERIN)

    decide(slack, fake_slack, sponsor=ERIN, action_id=APPROVE, user=DAVE, message=request)
    assert "Only <@U0ERIN0001> can decide this." in fake_slack.told(DAVE)[-1]["text"]
    assert the_approval(db, fake_slack, running).status.value == "pending"

    decide(
        slack, fake_slack, sponsor=ERIN, action_id=CHANGES, note="Add the DPIA.", message=request
    )
    assert the_approval(db, fake_slack, running).status.value == "changes_requested"
    assert "Add the DPIA." in fake_slack.told(ALICE)[-1]["text"]


def test_editing_an_approval_asks_again_and_retires_the_old_request(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "approval", sf.approval(ERIN))
    old = copy.deepcopy(approval_dm(fake_slack, ERIN))
    approval = the_approval(db, fake_slack, running)

    form = edit_first(slack, fake_slack, running, "approval", approval.id)
    assert sf.submit(slack, form, sf.approval(ERIN, what="Works council review"), user=ALICE) == {}

    now = the_approval(db, fake_slack, running)
    assert (now.version, now.status.value, now.what) == (2, "pending", "Works council review")
    assert buttons(next(m for m in fake_slack.dm_messages(ERIN) if m["ts"] == old["ts"])) == {}
    decide(slack, fake_slack, sponsor=ERIN, action_id=APPROVE, message=old)
    assert "This changed after you were asked" in fake_slack.told(ERIN)[-1]["text"]
    assert the_approval(db, fake_slack, running).status.value == "pending"
    assert [d.version for d in decisions(db) if d.subject == "approval"] == [1, 2]


def test_removing_a_decided_approval_asks_first_and_keeps_the_decision(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, running: Running
) -> None:
    add(slack, fake_slack, running, "approval", sf.approval(ERIN))
    decide(
        slack, fake_slack, sponsor=ERIN, action_id=APPROVE, message=approval_dm(fake_slack, ERIN)
    )
    approval = the_approval(db, fake_slack, running)

    form = edit_first(slack, fake_slack, running, "approval", approval.id)
    [block] = [b for b in form["blocks"] if b.get("block_id") == "remove"]
    assert "It was already approved; that decision stays on record." in str(
        block["elements"][0]["confirm"]
    )
    sf.remove(slack, fake_slack, form, user=ALICE)

    assert structure_of(db, Workspace(fake_slack.team_id), running.pilot_id).approvals == []
    assert "_None yet._" in charter_text(fake_slack, running)
    [decision] = [d for d in decisions(db) if d.subject == "approval"]
    assert decision.verdict == "approve"
