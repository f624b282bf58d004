"""A shielded pilot is seen only by its people: a stranger (an active person of this
workspace with no part in it) who forges a press or a submission naming any of its ids
(the pilot's, its stand's, its team's, an item's, a decision's, a question's) is refused in
words that say nothing of it, and nothing is stored or changed.

Every action and view the app answers is listed here, or named as taking no id: a new one
fails this test until it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from slack_app.blocks.ids import Action, Callback
from slack_app.store.database import Database
from slack_app.store.models import (
    ApprovalRow,
    DecisionRow,
    DeliverableRow,
    FirstFollowerAskRow,
    MilestoneRow,
    PilotRow,
    TeamRow,
)
from tests.conftest import ALICE, BOB, GENERAL
from tests.fakeslack import FakeSlack
from tests.support import structure_flows as sf
from tests.support.checkin_flows import after_first, checkin_posts, tick
from tests.support.follower_flows import declare
from tests.support.hostile import contents
from tests.support.pilot_flows import (
    decide,
    open_by_command,
    press,
    proposal_values,
    proposer_dm,
    submit,
)
from tests.support.signed import SlackSender
from tests.support.structure_flows import Running, add
from tests.support.team_flows import form
from tests.support.team_steps import DAVE, ERIN

GUS = "U0GUS00001"  # active, of this workspace, and no part of the pilot
CONCEPT_WORDS = "EMEA"  # from the proposal's scope: a refusal must not quote the pilot


@dataclass(frozen=True)
class Shielded:
    """Alice's shielded pilot, running, and the ids a stranger could name."""

    channel: str
    stand: int
    pilot: int
    team: int
    milestone: int
    deliverable: int
    approval: int
    decision: int
    ask: int
    checkin_ts: str  # the check-in in the pilot's channel


@pytest.fixture
def shielded(slack: SlackSender, fake_slack: FakeSlack, db: Database, stand_id: int) -> Shielded:
    fake_slack.add_user(GUS, name="gus", real_name="Gus Guest")
    declare(slack, fake_slack, user=GUS)  # his own: a stand id of another's must not pass
    channel, news = form(slack, fake_slack, author=ALICE, private=True)
    assert channel is not None, news["text"]
    view = open_by_command(slack, fake_slack, user=ALICE, channel=channel)
    assert submit(slack, view, proposal_values(view, sponsor=DAVE), user=ALICE) == {}
    decide(slack, fake_slack, sponsor=DAVE, action_id="decide_approve")
    with db.across_workspaces() as session:
        pilot = session.scalars(select(PilotRow)).one()
    running = Running(channel, pilot.id)
    add(slack, fake_slack, running, "milestone", sf.milestone(owner=BOB))
    with db.across_workspaces() as session:
        milestone = session.scalars(select(MilestoneRow)).one().id
    add(slack, fake_slack, running, "deliverable", sf.deliverable(milestone, owner=ERIN))
    add(slack, fake_slack, running, "approval", sf.approval(DAVE))
    alice = fake_slack.workspace.dm_ids[ALICE]
    press(
        slack, fake_slack, proposer_dm(fake_slack, ALICE), "start_pilot", user=ALICE, channel=alice
    )
    assert tick(db, fake_slack, after_first(0)) == 1
    [checkin] = checkin_posts(fake_slack, channel)
    with db.across_workspaces() as session:
        return Shielded(
            channel=channel,
            stand=stand_id,
            pilot=pilot.id,
            team=session.scalars(select(TeamRow)).one().id,
            milestone=milestone,
            deliverable=session.scalars(select(DeliverableRow)).one().id,
            approval=session.scalars(select(ApprovalRow)).one().id,
            decision=max(session.scalars(select(DecisionRow.id))),
            ask=session.scalars(select(FirstFollowerAskRow)).one().id,
            checkin_ts=checkin["ts"],
        )


# -- the presses and submissions a stranger forges -----------------------------------------------
Forgery = Callable[[SlackSender, Shielded], Any]
MESSAGE = {"type": "message", "ts": "1700000000.000100", "text": "a post"}


def pressed(action_id: str, value: Callable[[Shielded], str]) -> Forgery:
    def forge(slack: SlackSender, s: Shielded) -> Any:
        press = {"type": "button", "action_id": action_id, "value": value(s)}
        return slack.block_action(press, user=GUS, message=MESSAGE, channel=GENERAL)

    return forge


def on_the_channel(action_id: str, value: Callable[[Shielded], str]) -> Forgery:
    """A press that names the shielded channel as where it was pressed."""

    def forge(slack: SlackSender, s: Shielded) -> Any:
        press = {"type": "button", "action_id": action_id, "value": value(s)}
        return slack.block_action(press, user=GUS, message=MESSAGE, channel=s.channel)

    return forge


def on_the_checkin(action_id: str, value: Callable[[Shielded], str]) -> Forgery:
    def forge(slack: SlackSender, s: Shielded) -> Any:
        press = {"type": "button", "action_id": action_id, "value": value(s)}
        checkin = {"type": "message", "ts": s.checkin_ts, "text": "check-in"}
        return slack.block_action(press, user=GUS, message=checkin, channel=s.channel)

    return forge


def in_form(action_id: str, value: Callable[[Shielded], str], kind: str = "milestone") -> Forgery:
    """A press inside a structure form (pick one, remove one), the form naming the pilot."""

    def forge(slack: SlackSender, s: Shielded) -> Any:
        press = {"type": "button", "action_id": action_id, "value": value(s)}
        view = {
            "id": "V0FORGED01",
            "type": "modal",
            "callback_id": Callback.STRUCTURE_ITEM.value,
            "private_metadata": json.dumps({"pilot": s.pilot, "kind": kind}),
        }
        return slack.block_action(press, user=GUS, container={"type": "view"}, view=view)

    return forge


def submitted(
    callback: Callback, meta: Callable[[Shielded], dict[str, Any]], values: Any
) -> Forgery:
    def forge(slack: SlackSender, s: Shielded) -> Any:
        view = {
            "type": "modal",
            "callback_id": callback.value,
            "private_metadata": json.dumps(meta(s)),
            "blocks": [{"type": "input", "block_id": b} for b in values(s)],
        }
        return slack.view_submission(view, values(s), user=GUS)

    return forge


def stand_option(s: Shielded) -> dict[str, Any]:
    return {"stand": {"stand": {"selected_option": {"value": str(s.stand)}}}}


FORGERIES: dict[str, Forgery] = {
    Action.OPEN_TRAIL: pressed(Action.OPEN_TRAIL, lambda s: str(s.pilot)),
    Action.SEND_PILOT: pressed(Action.SEND_PILOT, lambda s: str(s.pilot)),
    Action.WITHDRAW_PILOT: pressed(Action.WITHDRAW_PILOT, lambda s: str(s.pilot)),
    Action.START_PILOT: pressed(Action.START_PILOT, lambda s: str(s.pilot)),
    Action.OPEN_PROPOSAL: pressed(Action.OPEN_PROPOSAL, lambda s: str(s.stand)),
    Action.OPEN_FULL_CHARTER: pressed(Action.OPEN_FULL_CHARTER, lambda s: str(s.pilot)),
    Action.OPEN_SCHEDULE: pressed(Action.OPEN_SCHEDULE, lambda s: str(s.pilot)),
    Action.OPEN_STRUCTURE: pressed(Action.OPEN_STRUCTURE, lambda s: f"milestone:{s.pilot}"),
    Action.PICK_ITEM: in_form(Action.PICK_ITEM, lambda s: str(s.milestone)),
    Action.REMOVE_ITEM: in_form(Action.REMOVE_ITEM, lambda s: str(s.milestone)),
    Action.CHECKIN_STATUS: on_the_checkin(
        f"{Action.CHECKIN_STATUS}:at_risk", lambda s: f"{s.milestone}:at_risk"
    ),
    Action.CHECKIN_DONE: on_the_checkin(Action.CHECKIN_DONE, lambda s: str(s.deliverable)),
    Action.DECIDE_APPROVE: pressed(Action.DECIDE_APPROVE, lambda s: str(s.decision)),
    Action.DECIDE_CHANGES: pressed(Action.DECIDE_CHANGES, lambda s: str(s.decision)),
    Action.DECIDE_DECLINE: pressed(Action.DECIDE_DECLINE, lambda s: str(s.decision)),
    Action.IM_IN: on_the_channel(Action.IM_IN, lambda s: str(s.team)),
    Action.FOLLOWER_IN: pressed(Action.FOLLOWER_IN, lambda s: str(s.ask)),
    Action.FOLLOWER_TALK: pressed(Action.FOLLOWER_TALK, lambda s: str(s.ask)),
    Action.FOLLOWER_NOT_NOW: pressed(Action.FOLLOWER_NOT_NOW, lambda s: str(s.ask)),
    Action.OPEN_ASK: pressed(Action.OPEN_ASK, lambda s: str(s.stand)),
    Action.OPEN_FORM_TEAM: pressed(Action.OPEN_FORM_TEAM, lambda s: str(s.stand)),
    Action.OPEN_LINK_CHANNEL: pressed(Action.OPEN_LINK_CHANNEL, lambda s: str(s.stand)),
    Action.RETRY_DECLARATION: pressed(Action.RETRY_DECLARATION, lambda s: str(s.stand)),
    Callback.STRUCTURE_ITEM: submitted(
        Callback.STRUCTURE_ITEM,
        lambda s: {"pilot": s.pilot, "kind": "milestone", "item": s.milestone},
        lambda s: sf.milestone(owner=GUS),
    ),
    Callback.CHECKIN_SCHEDULE: submitted(
        Callback.CHECKIN_SCHEDULE,
        lambda s: {"pilot": s.pilot},
        lambda s: sf.values(
            cadence=sf.choice("weekly"),
            weekday=sf.choice("0"),
            at={"type": "timepicker", "selected_time": "09:00"},
            zone=sf.text("Europe/Berlin"),
            paused=sf.ticked(False),
        ),
    ),
    Callback.DECISION_NOTE: submitted(
        Callback.DECISION_NOTE,
        lambda s: {"decision": s.decision, "verdict": "decline"},
        lambda s: {"note": {"note": {"value": "no"}}},
    ),
    Callback.FOLLOWER_NOTE: submitted(
        Callback.FOLLOWER_NOTE,
        lambda s: {"ask": s.ask, "answer": "talk"},
        lambda s: {"note": {"note": {"value": "hi"}}},
    ),
    Callback.PROPOSE_PILOT: submitted(
        Callback.PROPOSE_PILOT, lambda s: {"stand": s.stand, "pilot": s.pilot}, lambda s: {}
    ),
    Callback.FORM_TEAM: submitted(
        Callback.FORM_TEAM,
        lambda s: {},
        lambda s: {**stand_option(s), "channel_name": {"channel_name": {"value": "gus-pilot"}}},
    ),
    Callback.LINK_CHANNEL: submitted(
        Callback.LINK_CHANNEL,
        lambda s: {},
        lambda s: {
            **stand_option(s),
            "existing_channel": {"existing_channel": {"selected_conversation": GENERAL}},
        },
    ),
    Callback.ASK_FOLLOWER: submitted(
        Callback.ASK_FOLLOWER,
        lambda s: {},
        lambda s: {**stand_option(s), "person": {"person": {"selected_user": GUS}}},
    ),
}
# What takes no id a stranger could forge (or is no listener's: Home, the read-only modals).
NO_ID = {
    Action.OPEN_DECLARE,
    Callback.DECLARE_STAND,
    Callback.HOME,
    Callback.PILOT_TRAIL,
    Callback.FULL_CHARTER,
}


def test_every_action_and_view_is_listed() -> None:
    assert set(FORGERIES) | NO_ID == set(Action) | set(Callback)


def test_a_strangers_forgery_naming_a_shielded_pilot_is_refused_saying_nothing_of_it(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, shielded: Shielded
) -> None:
    slack.wait_idle()
    before = contents(db)
    wrong: dict[str, str] = {}
    for name, forge in FORGERIES.items():
        fake_slack.reset_calls()
        already = len(fake_slack.told(GUS))
        response = forge(slack, shielded)
        slack.wait_idle()
        problem = _wrong_in(fake_slack, response, already, ASKED.get(name, set()))
        if problem:
            wrong[name] = problem
        after = contents(db)
        if after != before:
            wrong[name] = f"changed {_changed(before, after)}"
            before = after
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())


def _wrong_in(fake: FakeSlack, response: Any, already: int, asked: set[str]) -> str | None:
    """What is wrong with the answer the stranger got (the modal's errors, a reply, a DM):
    none at all, one that says something of the pilot, or another Web API call made."""
    if response.status_code != 200:
        return f"status {response.status_code}"
    other = [c.method for c in fake.calls if c.method not in TELLING | asked]
    if other:
        return f"called {other}"
    body = response.json() if response.content else {}
    errors = list(body.get("errors", {}).values()) if isinstance(body, dict) else []
    words = " ".join([*errors, *(m["text"] for m in fake.told(GUS)[already:])])
    if not words:
        return "no refusal"
    if "<@" in words or CONCEPT_WORDS in words:
        return f"said {words!r}"
    return None


TELLING = {"response_url", "chat.postMessage", "conversations.open"}
# Slack asked before refusing: whether someone the roster does not know is in the private
# channel after all (their join may not have reached the app).
ASKED: dict[str, set[str]] = {Action.IM_IN: {"conversations.members"}}


def _changed(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in after if after[name] != before.get(name)]
