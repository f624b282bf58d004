"""Two dispatchers (as two processes would, each with its own engine) deliver one outbox:
each effect once, one surface never twice at once, and a crashed one's claims taken over."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta

from slack_sdk import WebClient

from slack_app.domain.outbox import LEASE, SPACING, Effect, EffectKind, redraw_roster
from slack_app.domain.workspace import Workspace
from slack_app.scheduler.dispatcher import Dispatcher
from slack_app.services import outbox
from slack_app.services.outbox import Claimed
from slack_app.store.database import Database
from tests.support.clock import Clock

ACME, GLOBEX = Workspace("T0ACME0001"), Workspace("T0GLOBEX01")


class Recorder:
    """A deliverer that notes each delivery (workspace, team), and whether two deliveries of
    one surface ever overlapped."""

    def __init__(self) -> None:
        self.delivered: Counter[tuple[str, int]] = Counter()
        self.drawing: set[tuple[str, int]] = set()
        self.overlaps = 0
        self._lock = threading.Lock()

    def __call__(self, _client: WebClient, _db: Database, effect: Claimed, _now: datetime) -> None:
        key = (effect.workspace.team_id, int(effect.payload["team_id"]))
        with self._lock:
            self.overlaps += key in self.drawing
            self.drawing.add(key)
        with self._lock:
            self.drawing.discard(key)
            self.delivered[key] += 1


def dispatcher(url: str, clock: Clock, recorder: Recorder) -> tuple[Dispatcher, Database]:
    db = Database.from_url(url)  # an engine of its own, as another process would have
    client = WebClient(token="xoxb-unused", base_url="http://127.0.0.1:9/")  # never called
    deliverers = {EffectKind.REDRAW_ROSTER: recorder}
    return Dispatcher(db, client, clock.now, deliverers=deliverers, workers=4), db


def test_two_dispatchers_deliver_each_effect_once(
    db: Database, database_url: str, clock: Clock
) -> None:
    for workspace in (ACME, GLOBEX):
        for team in range(30):
            with db.unit_of_work(workspace) as uow:
                uow.record([redraw_roster(team)], now=clock.now())
    recorder = Recorder()
    (one, db_one), (two, db_two) = (dispatcher(database_url, clock, recorder) for _ in range(2))
    try:
        drains = [threading.Thread(target=d.drain) for d in (one, two)]
        for drain in drains:
            drain.start()
        for drain in drains:
            drain.join(timeout=60)
    finally:
        for d, engine in ((one, db_one), (two, db_two)):
            d.stop()
            engine.dispose()

    assert len(recorder.delivered) == 60
    assert set(recorder.delivered.values()) == {1}, "an effect was delivered twice"
    assert recorder.overlaps == 0
    [roster] = [r for r in outbox.outbox_report(db) if r.kind is EffectKind.REDRAW_ROSTER]
    assert roster.done == 60


def test_a_dispatcher_that_died_mid_delivery_has_its_effects_delivered_by_another(
    db: Database, database_url: str, clock: Clock
) -> None:
    with db.unit_of_work(ACME) as uow:
        uow.record([redraw_roster(1), redraw_roster(2)], now=clock.now())
    outbox.claim(db, clock.now())  # a process claims both, then is killed
    recorder = Recorder()
    other, other_db = dispatcher(database_url, clock, recorder)
    try:
        assert other.drain() == 0, "claims under their lease were taken"
        clock.advance(LEASE + timedelta(seconds=1))
        assert other.drain() == 2
    finally:
        other.stop()
        other_db.dispose()
    assert recorder.delivered == Counter({(ACME.team_id, 1): 1, (ACME.team_id, 2): 1})
    [report] = [r for r in outbox.outbox_report(db) if r.kind is EffectKind.REDRAW_ROSTER]
    assert (report.done, report.delivering) == (2, 0)


def test_posts_in_one_channel_keep_their_pace_across_dispatchers(
    db: Database, database_url: str, clock: Clock
) -> None:
    """Two processes at once post in one channel no more than once a second between them;
    other channels are not held up."""
    in_general = [
        Effect(EffectKind.REDRAW_ROSTER, {"team_id": n}, channel="C0GENERAL1") for n in (1, 2, 3)
    ]
    elsewhere = Effect(EffectKind.REDRAW_ROSTER, {"team_id": 4}, channel="C0RANDOM01")
    with db.unit_of_work(ACME) as uow:
        uow.record([*in_general, elsewhere], now=clock.now())
    recorder = Recorder()
    (one, db_one), (two, db_two) = (dispatcher(database_url, clock, recorder) for _ in range(2))

    def both_drain() -> int:
        before = sum(recorder.delivered.values())
        drains = [threading.Thread(target=d.drain) for d in (one, two)]
        for drain in drains:
            drain.start()
        for drain in drains:
            drain.join(timeout=60)
        return sum(recorder.delivered.values()) - before

    try:
        delivered = [both_drain()]
        clock.advance(SPACING / 2)
        delivered.append(both_drain())
        for _ in range(2):
            clock.advance(SPACING / 2)
            delivered.append(both_drain())
            clock.advance(SPACING / 2)
    finally:
        for d, engine in ((one, db_one), (two, db_two)):
            d.stop()
            engine.dispose()

    assert delivered == [2, 0, 1, 1]  # one in #general and the other channel's; then one a second
    assert set(recorder.delivered.values()) == {1}


class OnlyAcme:
    """Tokens as OAuth installs give them: Acme's client; none for Globex, not installed
    (again) yet."""

    def __init__(self) -> None:
        self.client = WebClient(token="xoxb-acme", base_url="http://127.0.0.1:9/")

    def of(self, workspace: Workspace) -> WebClient | None:
        return self.client if workspace == ACME else None


def test_each_effect_goes_with_its_workspaces_token_and_one_with_no_installation_waits(
    db: Database, clock: Clock
) -> None:
    for workspace in (ACME, GLOBEX):
        with db.unit_of_work(workspace) as uow:
            uow.record([redraw_roster(1)], now=clock.now())
    tokens: list[str | None] = []

    def deliver(client: WebClient, _db: Database, _effect: Claimed, _now: datetime) -> None:
        tokens.append(client.token)

    one = Dispatcher(db, OnlyAcme(), clock.now, deliverers={EffectKind.REDRAW_ROSTER: deliver})
    try:
        assert one.drain() == 2
    finally:
        one.stop()

    assert tokens == ["xoxb-acme"]  # Globex's effect never reached a deliverer, nor Slack
    [report] = [r for r in outbox.outbox_report(db) if r.kind is EffectKind.REDRAW_ROSTER]
    assert (report.done, report.retrying, report.given_up) == (1, 1, 0)  # tried again later
