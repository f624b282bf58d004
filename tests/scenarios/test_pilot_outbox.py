"""F3 and F4 through the outbox: a delivery cut off after Slack answered, before the answer
was recorded, is tried again, finds what it posted by its metadata, and posts nothing twice;
whoever is told hears once. Slack's own trouble on any of it is repaired."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from slack_app.domain.outbox import GIVE_UP_AFTER, EffectKind
from slack_app.flows.decisions import delivery
from slack_app.flows.pilots import posting
from slack_app.flows.team import forming
from slack_app.scheduler.jobs import run_due_work
from slack_app.services.outbox import outbox_report
from slack_app.store.database import Database
from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.broken import BrokenOnce
from tests.support.clock import Clock, at_local
from tests.support.follower_flows import declare
from tests.support.pilot_flows import (
    APPROVE,
    START,
    decide,
    decisions,
    propose,
    proposer_dm,
    request_dm,
    the_pilot,
)
from tests.support.roster_check import assert_roster_matches, teams
from tests.support.signed import SlackSender
from tests.support.team_flows import form_values, open_team_modal, submit


def tried_again(slack: SlackSender, clock: Clock) -> None:
    """The outbox's first retry falls due (a second after the failure)."""
    clock.advance(timedelta(seconds=1))
    slack.deliver_due()


def submit_forming(slack: SlackSender, fake: FakeSlack) -> int:
    """Alice forms her team, and the outbox has its first go; how many DMs she had before."""
    view = open_team_modal(slack, fake, author=ALICE)
    dms = len(fake.dm_messages(ALICE))
    assert submit(slack, view, form_values(view), user=ALICE) == {}
    slack.wait_idle()
    return dms


def nothing_left(db: Database) -> None:
    stuck = [r for r in outbox_report(db) if r.waiting or r.retrying or r.given_up]
    assert stuck == []


def test_a_proposal_cut_off_after_its_dms_were_posted_sends_each_once(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The proposer's DM and the sponsor's request both reach Slack, then the deliveries
    fail before recording where they went: the retries find them and send nothing more."""
    declare(slack, fake_slack, user=ALICE)
    dm_recorded = BrokenOnce(posting, "record_pilot_dm", monkeypatch)
    request_recorded = BrokenOnce(delivery, "record_request_dm", monkeypatch)

    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}
    assert the_pilot(db).dm_ts is None
    assert decisions(db)[0].dm_ts is None
    tried_again(slack, clock)

    assert (dm_recorded.calls, request_recorded.calls) == (2, 2)
    pilot, [decision] = the_pilot(db), decisions(db)
    assert pilot.dm_ts == proposer_dm(fake_slack, ALICE)["ts"]  # exactly one, found
    [request] = [m for m in fake_slack.dm_messages(BOB) if "asks for your buy-in" in m["text"]]
    assert decision.dm_ts == request["ts"]
    told = [m for m in fake_slack.dm_messages(ALICE) if m["text"].startswith("I sent")]
    assert len(told) == 1
    assert fake_slack.count("conversations.open") >= 2  # each looked for in its DM
    nothing_left(db)


def test_a_500_on_a_decision_s_redraws_is_repaired(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    """Slack's trouble on the first edit after a decision (the request or the proposer's
    DM): tried again, both end up showing the verdict, and the proposer hears once."""
    declare(slack, fake_slack, user=ALICE)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}
    fake_slack.fail_next("chat.update", "internal_error", status=500)

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)
    tried_again(slack, clock)

    assert "You approved* this" in str(request_dm(fake_slack, BOB)["blocks"])
    assert "*Approved* by <@U0BOB00001>" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    news = [m for m in fake_slack.dm_messages(ALICE) if "approved* this" in m["text"]]
    assert len(news) == 1
    failed = [c for c in fake_slack.calls_to("chat.update") if c.status == 500]
    assert len(failed) == 1
    nothing_left(db)


def test_a_forming_cut_off_after_its_channel_was_created_creates_no_second_one(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    clock: Clock,
    stand_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Slack created the channel, then the team could not be stored: the retry takes the
    channel the app created up again, rather than a second one with a numbered name."""
    stored = BrokenOnce(forming, "form_team", monkeypatch)
    dms = submit_forming(slack, fake_slack)
    assert teams(db) == []

    tried_again(slack, clock)

    assert stored.calls == 2
    [created] = [c for c in fake_slack.calls_to("conversations.create") if c.response.get("ok")]
    [team] = teams(db)
    assert team.channel_id == created.response["channel"]["id"]
    assert fake_slack.count("conversations.list") == 1
    [news] = fake_slack.dm_messages(ALICE)[dms:]
    assert "Your team has a home" in news["text"]
    assert_roster_matches(fake_slack, db, team.channel_id)
    nothing_left(db)


def test_a_forming_cut_off_after_the_vision_was_posted_posts_it_once(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    clock: Clock,
    stand_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The vision reached the channel, then recording it failed: the retry finds it by its
    metadata, pins it, posts the roster, and the author hears once."""
    recorded = BrokenOnce(forming, "record_posts", monkeypatch)
    dms = submit_forming(slack, fake_slack)
    [team] = teams(db)
    assert team.vision_ts is None

    tried_again(slack, clock)

    assert recorded.calls >= 2
    [team] = teams(db)
    visions = [
        m
        for m in fake_slack.messages(team.channel_id)
        if (m.get("metadata") or {}).get("event_type") == "vision_posted"
    ]
    assert [m["ts"] for m in visions] == [team.vision_ts]
    assert len(fake_slack.dm_messages(ALICE)[dms:]) == 1
    assert_roster_matches(fake_slack, db, team.channel_id)
    nothing_left(db)


def test_a_pilot_started_by_the_tick_tells_its_news_through_the_outbox(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock
) -> None:
    """The start and its news are recorded in one transaction: due work run without a
    Slack client still starts the pilot, and the news waits in the outbox for delivery."""
    declare(slack, fake_slack, user=ALICE)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}
    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)
    dms = len(fake_slack.dm_messages(ALICE))

    clock.current = at_local(START, time(9), "UTC")
    results = {r.name: r.done for r in run_due_work(db, clock.now())}

    assert results["pilots started"] == 1
    assert the_pilot(db).state == "running"
    assert fake_slack.dm_messages(ALICE)[dms:] == []  # nothing delivered it yet
    slack.deliver_due()
    assert "Today is the pilot's start date" in fake_slack.told(ALICE)[-1]["text"]
    assert "Running" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    nothing_left(db)


def test_a_request_decided_from_a_dm_not_yet_recorded_is_redrawn_and_told_of_once(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sponsor's request reaches Slack, recording it fails, and the sponsor approves
    from it before the retry: the retry finds the DM, shows it decided, and does not tell
    the proposer that it was just sent."""
    declare(slack, fake_slack, user=ALICE)
    BrokenOnce(delivery, "record_request_dm", monkeypatch)
    assert propose(slack, fake_slack, user=ALICE, sponsor=BOB) == {}
    assert decisions(db)[0].dm_ts is None

    decide(slack, fake_slack, sponsor=BOB, action_id=APPROVE)
    tried_again(slack, clock)

    [request] = [m for m in fake_slack.dm_messages(BOB) if "asks for your buy-in" in m["text"]]
    assert "You approved* this" in str(request["blocks"])
    assert decisions(db)[0].dm_ts == request["ts"]
    sent = [m for m in fake_slack.dm_messages(ALICE) if m["text"].startswith("I sent")]
    assert sent == []
    assert "*Approved* by <@U0BOB00001>" in str(proposer_dm(fake_slack, ALICE)["blocks"])
    nothing_left(db)


def test_a_forming_slack_fails_for_a_day_is_given_up_and_the_author_told(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, clock: Clock, stand_id: int
) -> None:
    """Retried for a day, then given up: the author hears so, and may form the team again."""
    fake_slack.fail_next("conversations.create", "internal_error", status=500)
    dms = submit_forming(slack, fake_slack)
    again = open_team_modal(slack, fake_slack, author=ALICE)
    refused = submit(slack, again, form_values(again), user=ALICE)
    assert "being formed" in refused["errors"]["stand"]

    fake_slack.fail_next("conversations.create", "internal_error", status=500)
    clock.advance(GIVE_UP_AFTER)
    slack.deliver_due()

    [news] = fake_slack.dm_messages(ALICE)[dms:]
    assert "couldn't finish forming your team" in news["text"]
    assert teams(db) == []
    [report] = [r for r in outbox_report(db) if r.kind is EffectKind.FORM_TEAM]
    assert report.given_up == 1
    view = open_team_modal(slack, fake_slack, author=ALICE)
    assert submit(slack, view, form_values(view), user=ALICE) == {}
    slack.wait_idle()
    [team] = teams(db)
    assert_roster_matches(fake_slack, db, team.channel_id)
