"""The fake Slack in a process of its own, for benchmarks that time the app.

In the app's process the fake's work (checking every Block Kit payload against Slack's
rules, recording each call) shares the app's interpreter lock and counts against the app's
acks, and more against an app that calls Slack more. Real Slack's work happens elsewhere.
Here the fake runs in a child process (a `multiprocessing` manager) and the benchmark talks
to it through the few methods it uses; the app reaches it over HTTP as before.

On a small machine (two cores here) the fake's work would still take a core from the app
under test, and more from the app that calls Slack more; so the child runs at the lowest
CPU priority (nice 19): it gets a core when the apps leave one idle, as a remote Slack
never takes one. The fake then answers later under load, which counts in what the
benchmark times (a modal opens later), as a slow Slack would.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
from datetime import datetime
from multiprocessing.connection import wait
from multiprocessing.managers import BaseManager
from types import TracebackType
from typing import Any

from tests.fakeslack import FakeSlack
from tests.fakeslack.calls import Call
from tests.support.clock import Clock


class _Host:
    """Lives in the child: the fake and the calls the benchmark makes on it."""

    def __init__(self, bot_token: str, epoch: datetime) -> None:
        self.fake = FakeSlack(bot_token, clock=Clock(epoch)).start()

    def describe(self) -> tuple[str, str, str]:
        return self.fake.url, self.fake.team_id, self.fake.app_id

    def set_latency(self, seconds: float) -> None:
        self.fake.latency = seconds

    def add_user(self, user_id: str, **fields: Any) -> None:
        self.fake.add_user(user_id, **fields)

    def calls_to(self, method: str) -> list[Call]:
        return self.fake.calls_to(method)

    def count(self, method: str) -> int:
        return len(self.fake.calls_to(method))

    def wait_for(self, method: str, count: int, timeout: float) -> None:
        self.fake.wait_for(method, count=count, timeout=timeout)

    def violations(self) -> list[str]:
        return self.fake.violations


class _Manager(BaseManager):
    pass


def _in_child(niceness: int) -> None:
    """In the child: give way to the apps for the CPU; exit when the benchmark's process is
    gone, however it ended."""
    os.nice(niceness)
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel
        threading.Thread(
            target=lambda: (wait([sentinel]), os._exit(0)), daemon=True, name="end-with-parent"
        ).start()


_Manager.register("Host", _Host)


class HostedFake:
    """The fake Slack in a child process; use as a context manager. Offers what the
    benchmarks read of a `FakeSlack`: url, team_id, app_id, latency, add_user, calls_to,
    wait_for and violations."""

    def __init__(self, bot_token: str, *, clock: Clock, niceness: int = 19) -> None:
        self._manager = _Manager(ctx=multiprocessing.get_context("spawn"))
        self._niceness = niceness
        self._token, self._epoch = bot_token, clock.now()
        self._host: Any = None

    def __enter__(self) -> HostedFake:
        self._manager.start(initializer=functools.partial(_in_child, self._niceness))
        self._host = self._manager.Host(self._token, self._epoch)  # type: ignore[attr-defined]
        self.url, self.team_id, self.app_id = self._host.describe()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # shutdown() stops the child even when a call to it was cut short or it died; the
        # fake's threads are daemons and go with it.
        self._manager.shutdown()

    @property
    def latency(self) -> float:
        raise AttributeError("write-only here")

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._host.set_latency(seconds)

    def add_user(self, user_id: str, **fields: Any) -> None:
        self._host.add_user(user_id, **fields)

    def calls_to(self, method: str) -> list[Call]:
        return list(self._host.calls_to(method))

    def count(self, method: str) -> int:
        return int(self._host.count(method))

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> None:
        self._host.wait_for(method, count, timeout)

    @property
    def violations(self) -> list[str]:
        return list(self._host.violations())
