"""`slack-app`: serve | migrate | tick [--at ISO-8601] | outbox | doctor | export | purge."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError
from waitress import serve

from slack_app.app import create_bolt_app, create_wsgi_app, replayer
from slack_app.clock import utcnow
from slack_app.config import ConfigError, Settings, load_settings
from slack_app.doctor import find_manifest, run_doctor, run_installs_doctor
from slack_app.domain.workspace import Workspace
from slack_app.effects import Effects
from slack_app.identity import Identity, TokenRefused
from slack_app.installs import Installs
from slack_app.logs import configure_logging
from slack_app.scheduler.dispatcher import start_dispatcher
from slack_app.scheduler.jobs import Due, deliver_effects, run_due_work
from slack_app.scheduler.ticker import start_ticker
from slack_app.services.departures import counts, export, purge
from slack_app.services.events import events_report
from slack_app.services.outbox import outbox_report
from slack_app.slack.client import web_client
from slack_app.slack.clients import Clients, OneToken
from slack_app.store.database import Database
from slack_app.store.schema import schema_state, upgrade_to_head

log = logging.getLogger("slack_app")
EXIT_CONFIG = 2
TEAM_ID = re.compile(r"T[A-Z0-9]{2,31}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="slack-app", description="Stand, the Slack app.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the app (HTTP, or Socket Mode)")
    serve.add_argument(
        "--socket", action="store_true", help="use Socket Mode (needs SLACK_APP_TOKEN)"
    )
    serve.add_argument("--migrate", action="store_true", help="migrate the database first")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (HTTP mode)")  # noqa: S104
    serve.add_argument("--threads", type=int, default=8, help="request threads (HTTP mode)")
    commands.add_parser("migrate", help="upgrade the database schema to this version")
    tick = commands.add_parser("tick", help="run due scheduled work once")
    tick.add_argument("--at", type=_instant, help="as of this ISO-8601 instant (default now)")
    commands.add_parser("outbox", help="what Slack effects wait, are retried or were given up")
    doctor = commands.add_parser("doctor", help="check the token(s) and their scopes")
    doctor.add_argument("--manifest", type=Path, default=None, help="path to manifest.yml")
    export = commands.add_parser("export", help="write one workspace's data as JSON")
    export.add_argument("--team", type=_team, required=True, help="the workspace id (T…)")
    export.add_argument(
        "--output", type=Path, default=None, help="write to this file (default: standard output)"
    )
    purge = commands.add_parser(
        "purge", help="delete one workspace's data (a dry run unless --yes is given)"
    )
    purge.add_argument("--team", type=_team, required=True, help="the workspace id (T…)")
    purge.add_argument("--yes", action="store_true", help="delete, after printing the counts")
    return parser


def _team(raw: str) -> str:
    if not TEAM_ID.fullmatch(raw):
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a Slack workspace id (T followed by letters and digits)"
        )
    return raw


def _instant(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not an ISO-8601 instant, e.g. 2026-03-09T09:00:00-04:00"
        ) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def database_problem(error: DBAPIError) -> str:
    """One line about a database that cannot be used, naming the setting (never its value)."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return (
        f"DATABASE_URL: the database cannot be used ({reason}). Check that it is running "
        "and that the URL, user and password are right."
    )


def _database(settings: Settings) -> Database:
    return Database.from_url(settings.database_url)


def cmd_migrate(settings: Settings) -> int:
    state = upgrade_to_head(_database(settings).engine)
    print(f"Database schema is at {state.current} (head).")
    return 0


def _ensure_schema(db: Database, *, migrate: bool) -> None:
    state = upgrade_to_head(db.engine) if migrate else schema_state(db.engine)
    if not state.up_to_date:
        raise ConfigError(
            f"The database schema is at {state.current or 'nothing yet'} but this version "
            f"needs {state.head}: run `slack-app migrate` first (or `slack-app serve --migrate`)."
        )


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    socket = args.socket or settings.app_token is not None
    settings.require(*([] if socket else ["slack_signing_secret"]), tokens=True)
    if socket:
        settings.require("slack_app_token")
        if settings.installs:
            raise ConfigError(
                "SLACK_APP_TOKEN: Socket Mode serves one workspace; installing Stand in many "
                "(SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) needs HTTP mode, for Slack's "
                "install pages. Unset SLACK_APP_TOKEN, or set SLACK_BOT_TOKEN and unset "
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."
            )
    db = _database(settings)
    _ensure_schema(db, migrate=args.migrate)
    # /healthz checks the schema on every probe; Alembic would log each check at INFO.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    installs = Installs(settings, db, utcnow) if settings.installs else None
    identity = None
    if installs is None:
        client = web_client(settings.bot_token, settings.slack_api_url)
        identity = _connected(client)
        clients: Clients = OneToken(client)
    else:
        clients = installs.clients
    ticker = start_ticker(db, now=utcnow, client=clients)
    effects = Effects()
    dispatcher = start_dispatcher(db, clients, utcnow, acks=effects.acks)
    try:
        if socket:
            log.info("Stand is connecting to Slack in Socket Mode")
            bolt = create_bolt_app(
                settings, db, socket_mode=True, effects=effects, identity=identity
            )
            dispatcher.replay = replayer(bolt)
            SocketModeHandler(bolt, settings.app_token).start()  # type: ignore[no-untyped-call]
        else:
            log.info(
                "Stand listens on %s:%s (POST /slack/events, GET /healthz%s)",
                args.host,
                settings.port,
                ", GET /slack/install, GET /slack/oauth_redirect" if installs else "",
            )
            wsgi = create_wsgi_app(
                settings, db, effects=effects, identity=identity, installs=installs
            )
            dispatcher.replay = replayer(wsgi.bolt_app)
            serve(wsgi, host=args.host, port=settings.port, threads=args.threads)
    finally:
        if identity is not None:
            identity.stop()
        ticker.shutdown(wait=False)
        effects.shutdown()  # posts and DMs for what is already stored go out before exit
        dispatcher.stop()  # what it has not delivered waits in the outbox for the next start
    return 0


def _connected(client: WebClient) -> Identity:
    """The bot's identity, asked now: a token Slack refuses stops the start in one line;
    a Slack that does not answer is asked again in the background while the app serves."""
    try:
        return Identity(client).connect()
    except TokenRefused as refused:
        raise ConfigError(
            f"SLACK_BOT_TOKEN: Slack refuses it ({refused}). Copy the Bot User OAuth Token "
            "(xoxb-…) from the app's OAuth & Permissions page."
        ) from None


def cmd_tick(settings: Settings, args: argparse.Namespace) -> int:
    settings.require(one_mode=True)  # one workspace's token is not every workspace's
    db = _database(settings)
    _ensure_schema(db, migrate=False)
    at = args.at or utcnow()
    client: WebClient | Clients | None = None
    if settings.slack_bot_token is not None:
        client = web_client(settings.bot_token, settings.slack_api_url)
    elif settings.installs:
        client = Installs(settings, db, utcnow).clients
    # Delivered last: the outbox then holds what the due work recorded too (a pilot's start).
    for result in [*run_due_work(db, at, client), deliver_effects(Due(db, at, client))]:
        print(f"{result.name}: {result.summary}")
    print(f"Due work as of {at.isoformat()} is done.")
    return 0


OUTBOX_HEADER = (
    f"{'effect':20} {'waiting':>8} {'retrying':>9} {'delivering':>11} {'done':>8} {'given up':>9}"
)


def cmd_outbox(settings: Settings) -> int:
    """Per kind of Slack effect: waiting, being retried, delivering, delivered, given up;
    and Slack's events the same way. Exit status 1 when any was given up (see the log for
    why), so a check can alert."""
    db = _database(settings)
    _ensure_schema(db, migrate=False)
    reports = outbox_report(db)
    print(OUTBOX_HEADER)
    for r in reports:
        print(
            f"{r.kind.value:20} {r.waiting:>8} {r.retrying:>9} {r.delivering:>11}"
            f" {r.done:>8} {r.given_up:>9}"
        )
    # Slack's events, kept from their ack until their work is done: "retrying" are replayed.
    e = events_report(db)
    print(
        f"{'slack_event':20} {e.pending:>8} {e.replaying:>9} {0:>11} {e.handled:>8} {e.given_up:>9}"
    )
    return 1 if any(r.given_up for r in reports) or e.given_up else 0


def cmd_doctor(settings: Settings, args: argparse.Namespace) -> int:
    settings.require(tokens=True)
    manifest = args.manifest or find_manifest()
    if settings.installs:
        db = _database(settings)
        _ensure_schema(db, migrate=False)
        code, lines = run_installs_doctor(Installs(settings, db, utcnow), manifest)
    else:
        client = web_client(settings.bot_token, settings.slack_api_url)
        code, lines = run_doctor(client, manifest)
    print("\n".join(lines))
    return code


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Every row of one workspace, as JSON: to standard output, or to ``--output``."""
    db = _database(settings)
    _ensure_schema(db, migrate=False)
    data = export(db, Workspace(args.team), utcnow())
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        total = sum(data["counts"].values())
        print(f"Wrote {total} rows of workspace {args.team} to {args.output}.", file=sys.stderr)
    return 0


def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    """The counts first; the rows deleted only with ``--yes``."""
    db = _database(settings)
    _ensure_schema(db, migrate=False)
    workspace = Workspace(args.team)
    found = {table: n for table, n in counts(db, workspace).items() if n}
    total = sum(found.values())
    for table, n in sorted(found.items()):
        print(f"{table:24} {n:>8}")
    if not args.yes:
        print(
            f"Dry run: {total} rows of workspace {args.team} would be deleted; nothing was. "
            "Run again with --yes to delete them."
        )
        return 0
    deleted = purge(db, workspace)
    print(f"Deleted {deleted} rows of workspace {args.team}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_level, settings.secrets())
        if args.command == "migrate":
            return cmd_migrate(settings)
        if args.command == "serve":
            return cmd_serve(settings, args)
        if args.command == "tick":
            return cmd_tick(settings, args)
        if args.command == "outbox":
            return cmd_outbox(settings)
        if args.command == "export":
            return cmd_export(settings, args)
        if args.command == "purge":
            return cmd_purge(settings, args)
        return cmd_doctor(settings, args)
    except ConfigError as error:
        print(f"slack-app: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except DBAPIError as error:
        print(f"slack-app: {database_problem(error)}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
