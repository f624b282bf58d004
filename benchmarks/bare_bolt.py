"""A bare Bolt app: the baseline Stand's ack times are held against.

What a minimal slack_bolt app costs on the same server, doing what Stand's listeners do,
done bare:
  * `/stand-modal` (a command of the benchmark's own): ack, then open the declaration modal
    (the same view as Stand's, handed in) with `views.open` in the same listener, as Bolt's
    examples do. Its acks, and when its modals open, are held against Stand's `/stand`: the
    same work, with as many threads (``LISTENER_THREADS``).
  * `/stand`: ack at once and open nothing, printed beside for comparison: the floor of a
    slash command, which no app that opens a modal reaches (opening it is an HTTP call,
    about as much CPU as an ack).
  * the declaration modal's `view_submission`: one `users.info` call for the submitting
    person and one INSERT of a row (what they wrote), then the ack. No validation, no cache,
    nothing after the ack (Stand posts, DMs and redraws Home after its ack).

It is served as Stand is in tests/support/running_app.py: Bolt's WSGI adapter under waitress
with four threads, a pool of listener threads as large as Stand's listeners and modal lane
together (``LISTENER_THREADS``; Bolt's default is ten), the same signing secret and
a WebClient pointed at the same (fake) Slack. Its database is of the same kind as Stand's
(tests/support/databases.py) with a table of its own; on SQLite it is opened as Stand opens
its own (WAL, writers waiting up to 5 s for the lock). The engine settings are spelled out
here rather than taken from Stand, so that a change to Stand's never moves the baseline.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import make_url

from slack_app.blocks.ids import Callback, Command
from slack_app.effects import MODAL_WORKERS
from tests.support.running_app import Served

EVENTS_PATH = "/slack/events"
# Bolt's default pool of ten, and as many again as Stand's lane for opening modals, so that
# the modals of a burst are opened as many at a time by both apps.
LISTENER_THREADS = 10 + MODAL_WORKERS
MODAL_COMMAND = "/stand-modal"

metadata = MetaData()
declarations = Table(
    "bare_declarations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("author_id", String(32), nullable=False),
    Column("author_tz", String(64), nullable=False),
    Column("submitted", Text, nullable=False),  # the modal's state, as Slack sent it
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def bare_engine(raw_url: str) -> Engine:
    """An engine on ``raw_url``: SQLite in WAL mode with a 5 s busy timeout, or psycopg 3."""
    url = make_url(raw_url)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=10)


class BareBolt:
    """The bare Bolt app listening on 127.0.0.1:<random>; use as a context manager."""

    def __init__(
        self,
        *,
        signing_secret: str,
        token: str,
        slack_api_url: str,
        database_url: str,
        modal: dict[str, Any],
    ):
        self.modal = modal
        self.engine = bare_engine(database_url)
        metadata.create_all(self.engine)
        self.listeners = ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="bare-listener"
        )
        self.bolt = App(
            name="bare",
            client=WebClient(token=token, base_url=slack_api_url),
            signing_secret=signing_secret,
            request_verification_enabled=True,
            token_verification_enabled=False,
            listener_executor=self.listeners,
        )
        self.bolt.command(Command.STAND.value)(self._stand)
        self.bolt.command(MODAL_COMMAND)(self._stand_modal)
        self.bolt.view_submission(Callback.DECLARE_STAND.value)(self._declare)
        self.wsgi = SlackRequestHandler(self.bolt, path=EVENTS_PATH)
        self._served = Served(self.wsgi)
        self.url = self._served.url

    @staticmethod
    def _stand(ack: Ack) -> None:
        ack()

    def _stand_modal(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=self.modal)

    def _declare(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        author_id = body["user"]["id"]
        author = client.users_info(user=author_id)["user"]
        with self.engine.begin() as connection:
            connection.execute(
                declarations.insert().values(
                    team_id=body["team"]["id"],
                    author_id=author_id,
                    author_tz=str(author.get("tz") or "UTC"),
                    submitted=json.dumps(body["view"]["state"]["values"]),
                )
            )
        ack()

    def stored(self) -> int:
        """How many declarations were stored."""
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(declarations)) or 0)

    def __enter__(self) -> BareBolt:
        self._served.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._served.stop()
        self.listeners.shutdown(wait=True)
        self.engine.dispose()
