"""Every kind of Slack effect the outbox can hold has something that delivers it."""

from __future__ import annotations

from slack_app.domain.outbox import LEASE, EffectKind, tell
from slack_app.domain.workspace import Workspace
from slack_app.flows.deliveries import DELIVERERS
from slack_app.scheduler.dispatcher import Dispatcher
from slack_app.services import outbox
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, BOT_TOKEN, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock


def test_every_kind_of_effect_is_delivered() -> None:
    assert set(DELIVERERS) == set(EffectKind)


def test_a_notice_in_doubt_is_looked_for_in_its_thread_and_sent_once(
    db: Database, fake_slack: FakeSlack, clock: Clock
) -> None:
    """A process killed after posting a small win in a check-in's thread, before recording
    it: the next delivery finds the reply (a channel's history shows only the thread's
    parent) and posts nothing more. A DM notice likewise."""
    parent = fake_slack.add_message(GENERAL, user=ALICE, text="Check-in")
    workspace = Workspace(fake_slack.team_id)
    with db.unit_of_work(workspace) as uow:
        uow.record(
            [tell(GENERAL, "A small win!", thread_ts=parent["ts"]), tell(BOB, "You own it.")],
            now=clock.now(),
        )
    client = web_client(BOT_TOKEN, fake_slack.url)
    dead = outbox.claim(db, clock.now())
    for effect in dead:  # delivered by a process that died before settling
        DELIVERERS[effect.kind](client, db, effect, clock.now())

    clock.advance(LEASE)
    Dispatcher(db, client, clock.now).drain()

    replies = [m for m in fake_slack.messages(GENERAL) if m.get("thread_ts") == parent["ts"]]
    assert [m["text"] for m in replies if m["ts"] != parent["ts"]] == ["A small win!"]
    assert [m["text"] for m in fake_slack.dm_messages(BOB)] == ["You own it."]
    assert fake_slack.count("conversations.replies") == 1  # looked, found
    assert {r.kind: r.done for r in outbox.outbox_report(db)}[EffectKind.TELL] == 2
