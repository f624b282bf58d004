"""The real WSGI app, served by waitress on a random port in this process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from waitress.server import create_server

from slack_app.app import create_wsgi_app
from slack_app.config import Settings
from slack_app.store.database import Database


class RunningApp:
    """Stand listening on 127.0.0.1:<random>, as `slack-app serve` runs it."""

    def __init__(self, settings: Settings, db: Database, now: Callable[[], datetime]) -> None:
        self.wsgi = create_wsgi_app(settings, db, now=now)
        self._server = create_server(self.wsgi, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self._server.effective_port}"  # type: ignore[union-attr]
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> RunningApp:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Close from inside waitress's own loop (closing from here races its select()).
        self._server.trigger.pull_trigger(self._server.close)  # type: ignore[union-attr]
        self._thread.join(timeout=5)
        # Bolt runs listeners after the ack on its own executor: let them finish.
        self.wsgi.bolt_app.listener_runner.listener_executor.shutdown(wait=True)
