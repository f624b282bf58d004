"""Delivering the outbox: each process's dispatcher claims due Slack effects and delivers
them, a few at a time, after the acks of requests in flight.

A commit that records effects wakes it (``Database.on_effects``); it looks again when a
retry it scheduled falls due, and every ``POLL_SECONDS`` for effects of other processes
(recorded there, or left by one that died). What
it claims is its own until settled or until the lease runs out, so several processes
deliver each effect once, and a process killed mid-delivery leaves its effects to the
others (or to itself, restarted).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from slack_sdk import WebClient

from slack_app.domain.outbox import SPACING, EffectKind
from slack_app.effects import YIELD_AT_MOST, AcksFirst
from slack_app.flows.deliveries import DELIVERERS, GIVEN_UP, Deliver
from slack_app.services import Database, events, outbox
from slack_app.services.outbox import Claimed
from slack_app.slack.client import outbox_client
from slack_app.slack.clients import Clients, Shaped, clients_of
from slack_app.slack.errors import failure_of

log = logging.getLogger(__name__)
WORKERS = 4  # deliveries at once: most of their time is a wait on Slack
# Claimed at once: no more than are delivered at once, so that none waits in this process
# while its lease runs out and another process takes it over.
BATCH = WORKERS
# How often an idle dispatcher looks for work no commit of its own woke it for: effects
# of a process that died, and of others. Its own retries wake it when they fall due. Each
# look is a transaction; once a second cost a burst's acks a fifth more at p99.
POLL_SECONDS = 5.0
# How often it looks for Events API deliveries to replay: they are due a minute after their
# ack at the soonest (``domain/events.py``), so a look every half minute is plenty.
REPLAY_SECONDS = 30.0


class Outcome(Enum):
    DELIVERED = "delivered"  # to be recorded with the rest of its batch
    SETTLED = "settled"  # recorded by its deliverer, with what followed from it
    FAILED = "failed"  # recorded: to be tried again, or given up


class Dispatcher:
    def __init__(
        self,
        db: Database,
        slack: WebClient | Clients,
        now: Callable[[], datetime],
        *,
        acks: AcksFirst | None = None,
        deliverers: Mapping[EffectKind, Deliver] = DELIVERERS,
        workers: int = WORKERS,
        spacing: timedelta = SPACING,
    ) -> None:
        self.db, self.now, self.acks = db, now, acks
        self.spacing = spacing  # between two posts in one channel, across processes
        # Each effect is delivered with its own workspace's token.
        self.clients = Shaped(clients_of(slack), outbox_client)
        self.deliverers = deliverers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="outbox")
        self.batch = workers
        self._woken, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._delivering = 0
        self._more = False  # the last claim took a whole batch: more may be due
        self._retry_in: float | None = None  # seconds to the soonest retry it scheduled
        self._lock = threading.Lock()
        # Replays a kept Events API delivery through the app's listeners (``serve`` sets it).
        self.replay: Callable[[dict[str, Any]], None] | None = None
        self._replayed_at = 0.0  # monotonic: the last look for deliveries to replay

    def wake(self) -> None:
        """Effects were committed: deliver them soon."""
        self._woken.set()

    def start(self) -> Dispatcher:
        self._thread = threading.Thread(target=self._run, name="outbox-dispatcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Finish the deliveries under way, claim no more."""
        self._stopping.set()
        self._woken.set()
        if self._thread is not None:
            self._thread.join()  # a delivery under way ends within the client's timeout
        self._pool.shutdown(wait=True)

    def deliver_due(self) -> int:
        """Claim one batch of due effects and deliver it; how many were claimed."""
        if self.acks is not None:
            self.acks.wait_quiet(time.monotonic() + YIELD_AT_MOST)
        claimed = self._claim()
        attempts = [self._pool.submit(self._attempt, effect) for effect in claimed]
        wait(attempts)
        try:
            delivered = [
                effect
                for effect, attempt in zip(claimed, attempts, strict=True)
                if attempt.exception() is None and attempt.result() is Outcome.DELIVERED
            ]
            outbox.all_settled(self.db, delivered, self.now())
        except Exception:  # the database went away: the lease returns them
            log.exception("could not settle %s effects", len(claimed))
        finally:
            with self._lock:
                self._delivering -= len(claimed)
        return len(claimed)

    def _claim(self) -> list[Claimed]:
        """Claim a batch, counted as being delivered from the moment it is asked for (what
        it claims is then neither waiting nor settled)."""
        with self._lock:
            self._delivering += 1
            self._woken.clear()  # this claim sees every commit that woke it so far
        try:
            now = self.now()
            batch = outbox.claim_paced(self.db, now, limit=self.batch, spacing=self.spacing)
            if batch.paced_until is not None:  # posts waiting for their channel's pace
                self._retry_soon(batch.paced_until - now)
            with self._lock:
                self._delivering += len(batch.claimed)
                # A whole batch looked at (claimed, or left for its pace): more may be due.
                self._more = batch.picked >= self.batch
            return batch.claimed
        finally:
            with self._lock:
                self._delivering -= 1

    def drain(self, *, most: int = 10_000) -> int:
        """Deliver until nothing is due (`slack-app tick`); how many were claimed. A post
        left for its channel's pace waits for a later look (the next tick, or `serve`)."""
        total = 0
        while total < most:
            claimed = self.deliver_due()
            total += claimed
            if not claimed and not self._more:
                break
        return total

    def idle(self) -> bool:
        """Nothing being delivered, and no commit of this process's left effects to claim
        (asked without a query: tests ask it while counting a request's queries)."""
        with self._lock:
            return not (self._delivering or self._more or self._woken.is_set())

    def replay_due(self) -> int:
        """Replay the Events API deliveries whose work failed after their ack (or whose
        process died); how many. Their listeners mark them handled when their work commits."""
        if self.replay is None:
            return 0
        if self.acks is not None:
            self.acks.wait_quiet(time.monotonic() + YIELD_AT_MOST)
        kept = events.to_replay(self.db, self.now())
        for one in kept:
            log.warning("replaying event %s: its work failed after the ack", one.event_id)
            self.replay(one.body)
        return len(kept)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                claimed = self.deliver_due()
                if time.monotonic() - self._replayed_at >= REPLAY_SECONDS:
                    self._replayed_at = time.monotonic()
                    self.replay_due()
            except Exception:
                log.exception("delivering the outbox failed; trying again shortly")
                claimed = 0
            more = self._more
            if not claimed and not more and not self._stopping.is_set():  # (after the clear)
                with self._lock:
                    retry_in, self._retry_in = self._retry_in, None
                self._woken.wait(POLL_SECONDS if retry_in is None else min(retry_in, POLL_SECONDS))

    def _attempt(self, effect: Claimed) -> Outcome:
        """Deliver ``effect``; record a failure (a delivery is recorded with its batch's)."""
        deliver = self.deliverers[effect.kind]
        try:
            client = self.clients.need(effect.workspace)
            settled = deliver(client, self.db, effect, self.now())
        except Exception as error:
            failure, now = failure_of(error), self.now()
            try:
                again = outbox.failed(
                    self.db,
                    effect,
                    now,
                    failure.code,
                    transient=failure.transient,
                    retry_after=failure.retry_after,
                )
            except outbox.ClaimLost:  # its lease ran out: the new holder decides
                log.info("could not %s (%s): taken over meanwhile", effect.kind.value, failure.code)
                return Outcome.FAILED
            if again is not None:
                self._retry_soon(again - now)
            else:
                self._tell_given_up(effect, failure.code, now)
            level = logging.WARNING if again is None else logging.INFO
            verdict = "gave up" if again is None else "will try again"
            log.log(level, "could not %s (%s): %s", effect.kind.value, failure.code, verdict)
            return Outcome.FAILED
        return Outcome.SETTLED if settled else Outcome.DELIVERED

    def _tell_given_up(self, effect: Claimed, why: str, now: datetime) -> None:
        """Whoever waits for what was given up hears so (where it matters)."""
        tell = GIVEN_UP.get(effect.kind)
        if tell is None:
            return
        try:
            tell(self.db, effect, why, now)
        except Exception:
            log.exception("could not tell anyone that effect %s was given up", effect.id)

    def _retry_soon(self, wait: timedelta) -> None:
        """Look again when this retry falls due, not at the next poll."""
        seconds = max(wait.total_seconds(), 0.0)
        with self._lock:
            self._retry_in = seconds if self._retry_in is None else min(self._retry_in, seconds)


def start_dispatcher(
    db: Database,
    slack: WebClient | Clients,
    now: Callable[[], datetime],
    *,
    acks: AcksFirst | None,
    spacing: timedelta = SPACING,
) -> Dispatcher:
    """This process's dispatcher, woken by every commit of ``db`` that records effects."""
    dispatcher = Dispatcher(db, slack, now, acks=acks, spacing=spacing).start()
    db.on_effects = dispatcher.wake
    return dispatcher
