"""The real WSGI app, served by waitress on a random port in this process."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from waitress.server import create_server

from slack_app.app import create_wsgi_app, replayer
from slack_app.config import Settings
from slack_app.domain.outbox import SPACING
from slack_app.effects import MODAL_WORKERS, Effects
from slack_app.effects import WORKERS as EFFECT_WORKERS
from slack_app.identity import Identity
from slack_app.installs import Installs
from slack_app.scheduler.dispatcher import start_dispatcher
from slack_app.slack.client import web_client
from slack_app.slack.clients import Clients, OneToken
from slack_app.store.database import Database
from tests.support.waiting import eventually


class TrackingExecutor(ThreadPoolExecutor):
    """A pool (Bolt's listeners', or the app's effects') remembering its work, so tests can
    wait until all is done."""

    def __init__(self, workers: int = 10, name: str = "listener") -> None:
        super().__init__(max_workers=workers, thread_name_prefix=name)
        self._futures: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.add(future)
        return future

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until every listener started so far has finished."""
        with self._lock:
            pending = set(self._futures)
        done, not_done = wait(pending, timeout=timeout)
        assert not not_done, f"{len(not_done)} listeners still running after {timeout}s"
        with self._lock:
            self._futures -= done


class Served:
    """A WSGI app served by waitress (four threads) on 127.0.0.1:<random>, in a thread."""

    def __init__(self, wsgi: Any) -> None:
        self._server = create_server(wsgi, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self._server.effective_port}"  # type: ignore[union-attr]
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        # Close from inside waitress's own loop (closing from here races its select()). Rarely
        # its trigger is already gone; then the server is closed from here instead.
        with contextlib.suppress(OSError):
            self._server.trigger.pull_trigger(self._server.close)  # type: ignore[union-attr]
        self._thread.join(timeout=5)
        if self._thread.is_alive():
            self._server.close()
            self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "the server did not stop"


class RunningApp:
    """Stand listening on 127.0.0.1:<random>, as `slack-app serve` runs it."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        now: Callable[[], datetime],
        *,
        paced: bool = False,
        identity: Identity | None = None,
    ) -> None:
        """``paced``: posts in one channel a second apart, on ``now``'s clock (which, in
        tests, stands still until moved)."""
        self.listeners = TrackingExecutor()
        self.effects = TrackingExecutor(EFFECT_WORKERS, "effects")
        self.modals = TrackingExecutor(MODAL_WORKERS, "modals")
        effects = Effects(self.effects, modals=self.modals)
        # OAuth installs (a token per workspace), when the settings name the app's client.
        self.installs = Installs(settings, db, now) if settings.installs else None
        self.wsgi = create_wsgi_app(
            settings,
            db,
            now=now,
            listener_executor=self.listeners,
            effects=effects,
            identity=identity,
            installs=self.installs,
        )
        self.db = db
        self.clients: Clients = (
            self.installs.clients
            if self.installs is not None
            else OneToken(web_client(settings.bot_token, settings.slack_api_url))
        )
        spacing = SPACING if paced else timedelta(0)
        self.dispatcher = start_dispatcher(
            db, self.clients, now, acks=effects.acks, spacing=spacing
        )
        self.dispatcher.replay = replayer(self.wsgi.bolt_app)
        self._served = Served(self.wsgi)
        self.url = self._served.url
        self._closing: list[Callable[[], None]] = []  # before the server stops: clients

    def close_at_exit(self, close: Callable[[], None]) -> None:
        """Run ``close`` (a sender's, holding a connection open) before the server stops."""
        self._closing.append(close)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until every listener started so far, and the Slack side it handed on, is done."""
        self.listeners.wait_idle(timeout)
        self.modals.wait_idle(timeout)
        self.effects.wait_idle(timeout)
        # The outbox: what those recorded, delivered (or waiting for a retry not yet due).
        eventually(self.dispatcher.idle, timeout=timeout, every=0.01)  # asks no query
        self.effects.wait_idle(timeout)

    def deliver_due(self) -> None:
        """Deliver what fell due in the outbox (a retry, once a test moved the clock), and
        replay the events due a replay, now, not at the dispatcher's next look; and wait
        until they are done."""
        self.dispatcher.replay_due()
        self.dispatcher.wake()
        self.wait_idle()

    def __enter__(self) -> RunningApp:
        self._served.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for close in self._closing:
            close()
        self._served.stop()
        # Listeners run after their ack: let them finish.
        self.listeners.shutdown(wait=True)
        self.modals.shutdown(wait=True)
        self.effects.shutdown(wait=True)
        self.dispatcher.stop()
        self.db.on_effects = None
