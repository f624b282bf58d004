"""How fast Stand acks, against Slack's 3-second window and against a bare Bolt app.

Runs the real app (waitress, in this process) against the fake Slack and sends N signed
requests of each kind: `url_verification` (the floor: signature check and Bolt's dispatch
with no listener, no database and no Web API call), `/stand` (ack, then the modal opens),
declaration submissions (a `users.info` lookup, validation and the insert all happen before
the ack), and pilot proposal submissions (two lookups, the rules, the pilot, its audit
entries and the sponsor's decision request, all before the ack).

Beside Stand, in the same process and against the same fake Slack, runs a bare Bolt app
(benchmarks/bare_bolt.py) served the same way, which acks `/stand` and then opens the same
modal in its listener (with as many threads as Stand has for its listeners and modals), and
does one `users.info` lookup and one insert before acking a declaration; Stand's p99 is
divided by its p99. It also acks a `/stand` that opens nothing, printed beside as the floor
of a slash command. Every declaration is by a different person,
so that neither app answers the lookup from a cache (Stand keeps people for five minutes):
as in a real workspace, where one person rarely declares twice in five minutes.

By default the requests go one at a time. With `--concurrent C` they go C at a time: C
threads wait at a barrier and send together, each request timed from its send to its
response, and the next C go once all C are answered. The apps are never loaded together:
the bare app's requests of a kind, then Stand's. (Stand's work after an ack, such as
posting a declaration, still runs while the next requests arrive; the bare app has none
but its modals.) A request can take over 3 s here and still be acked: Bolt counts its 3 s
from when a waitress thread takes the request, not from the send.

Beside the acks: how long after each `/stand` was sent its modal opened (`views.open`
reached the fake), for both apps. Slack refuses a trigger_id 3 s after the click, ack
included; a Stand modal later than that is a PROBLEM. `--slack-latency MS` makes the fake
answer every Web API call that much later, as Slack over the internet does (both apps'
lookups included): then the workers that open modals wait on the network, not the CPU.

The fake Slack runs in a process of its own (benchmarks/hosted_fake.py): in this one, its
checking of every Block Kit payload would share the apps' interpreter lock and count
against the app that calls Slack more, as real Slack's work does not; and it runs at the
lowest CPU priority, so that it takes no core from the apps either. `--fake-in-process`
runs it here, as the tests do.

Every stand, pilot and bare row is counted at the end; a failed request, a missing row or
a protocol violation seen by the fake Slack is printed as a PROBLEM and the exit status is 1.

    uv run --frozen python -m benchmarks.ack_time [N] [--concurrent C] [--slack-latency MS]
        [--fake-in-process]
"""

from __future__ import annotations

import argparse
import functools
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from benchmarks.bare_bolt import MODAL_COMMAND, BareBolt
from benchmarks.hosted_fake import HostedFake
from benchmarks.timing import Timings, answered, closed, timed
from slack_app.flows.stands.modal import declare_stand_modal
from slack_app.store.database import Database
from slack_app.store.models import PilotRow, StandRow
from tests.conftest import ALICE, BOB, BOT_TOKEN, SIGNING_SECRET, app_settings
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.databases import fresh_database_url
from tests.support.pilot_flows import proposal_values
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender, example
from tests.support.stand_forms import stand_values

WINDOW_MS = 3000  # Slack's
MODAL = "modal opened from /stand sent"
BARE_ACK_ONLY = "/stand, bare Bolt acking only"
Fake = FakeSlack | HostedFake
TARGETS = {
    "/stand": 1.2,
    MODAL: 1.5,
    "declaration submission": 1.5,
}  # Stand p99 / bare Bolt p99, at most


class QueueDepth(logging.Filter):
    """Waitress warns of every request that waits for one of its four threads: keeps the
    deepest queue instead, for the report."""

    def __init__(self) -> None:
        super().__init__()
        self.deepest = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], int):
            self.deepest = max(self.deepest, record.args[0])
        return False


def _command(via: SlackSender, _i: int) -> httpx.Response:
    return via.command("", user=ALICE)


def _click(via: SlackSender, clicked: dict[str, float], command: str, _i: int) -> httpx.Response:
    """``command``, remembering when it was sent under its trigger_id."""
    fields = via.command_fields(command, "", user=ALICE, channel="C0GENERAL1")
    clicked[fields["trigger_id"]] = time.monotonic()
    return via.post_form(fields)


def a_proposal(stand_id: int, author: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A proposal by ``author`` for their stand ``stand_id``, sent to Bob, as the modal
    submits it."""
    view = {"type": "modal", "callback_id": "propose_pilot", "private_metadata": "", "blocks": []}
    values = proposal_values({"blocks": [{"block_id": "send"}]}, sponsor=BOB)
    chosen = {"value": str(stand_id), "text": {"type": "plain_text", "text": "A stand"}}
    values["stand"] = {"stand": {"type": "static_select", "selected_option": chosen}}
    return view, values, author


def sender(url: str, fake: Fake, clock: Clock, concurrency: int) -> SlackSender:
    slack = SlackSender(
        url, SIGNING_SECRET, team_id=fake.team_id, app_id=fake.app_id, now=clock.now
    )
    if concurrency > 1:  # keep every connection open between rounds; wait out a long queue
        slack.http.close()
        pool = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        slack.http = httpx.Client(timeout=30, limits=pool)
    return slack


def stored(db: Database) -> tuple[list[tuple[int, str]], int]:
    """Stand's stands (id, author) and the number of its pilots."""
    with db.across_workspaces() as session:
        stands = session.execute(select(StandRow.id, StandRow.author_id).order_by(StandRow.id))
        pilots = session.scalar(select(func.count()).select_from(PilotRow))
        return [(stand_id, author) for stand_id, author in stands], int(pilots or 0)


def modal_delays(fake: Fake, clicked: dict[str, float]) -> Timings:
    """From each /stand sent to its modal opened: past 3 s, Slack would have refused the
    trigger_id (the fake does not expire them by time)."""
    delays = Timings()
    for call in fake.calls_to("views.open"):
        sent = clicked.pop(call.args.get("trigger_id", ""), None)
        if sent is not None:
            delays.samples.append((call.at - sent) * 1000)
    delays.failures.extend("modal never opened" for _ in clicked)
    return delays


def users_info_calls(fake: Fake) -> int:
    return len(fake.calls_to("users.info"))


@dataclass
class Report:
    n: int
    concurrency: int
    kinds: dict[str, Timings] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def print(self) -> None:
        mode = "one at a time" if self.concurrency == 1 else f"{self.concurrency} at once"
        print(f"ack time over {self.n} requests each, {mode} (ms)")
        floor = self.kinds["url_verification (baseline)"].percentile(50)
        for name, timings in self.kinds.items():
            samples = timings.samples
            p50, p99 = timings.percentile(50), timings.percentile(99)
            print(
                f"  {name:33} p50 {p50:7.2f}  p99 {p99:7.2f}  max {max(samples):7.2f}"
                f"  mean {statistics.fmean(samples):7.2f}"
                f"  vs baseline p50 x {p50 / floor:5.1f}"
                f"  share of 3 s at p99 {p99 / WINDOW_MS:.2%}"
                f"  over 3 s {sum(s > WINDOW_MS for s in samples)}"
                f"  failed {len(timings.failures)}"
            )
        print("  Stand p99 / bare Bolt p99 (target):")
        for name, target in TARGETS.items():
            stand, bare = self.kinds[name], self.kinds[f"{name}, bare Bolt"]
            ratio = stand.percentile(99) / bare.percentile(99)
            print(
                f"    {name:26} x {ratio:4.2f} (at most x {target})"
                f"  p50 x {stand.percentile(50) / bare.percentile(50):4.2f}"
            )
        stand, ack_only = self.kinds["/stand"], self.kinds[BARE_ACK_ONLY]
        print(
            f"    {'/stand, bare acking only':26} x"
            f" {stand.percentile(99) / ack_only.percentile(99):4.2f} (no target: it opens no modal)"
        )
        for note in self.notes:
            print(f"  {note}")
        for problem in self.problems:
            print(f"  PROBLEM {problem}")


@dataclass
class Bench:
    """Both apps running, a sender for each, and the report they fill in."""

    report: Report
    fake: Fake
    app: RunningApp
    db: Database
    bare_app: BareBolt
    slack: SlackSender
    bare: SlackSender
    authors: list[str]  # of the declarations, one each

    def run(
        self,
        name: str,
        send: Callable[[int], httpx.Response],
        check: Callable[[httpx.Response], str | None] = answered,
        n: int | None = None,
    ) -> int:
        """Time ``send`` under ``name``; how many requests succeeded."""
        count = self.report.n if n is None else n
        timings = timed(send, count, check=check, concurrency=self.report.concurrency)
        self.report.kinds[name] = timings
        return count - len(timings.failures)

    def settle(self, method: str, count: int) -> None:
        """Wait for Stand's work after its acks: ``count`` calls to ``method`` in all."""
        self.fake.wait_for(method, count=count, timeout=240)
        self.app.wait_idle(timeout=240)

    def commands(self) -> None:
        slack, bare = self.slack, self.bare
        for warm in (slack, bare):  # connections, Bolt's lazy authorization, first imports
            timed(functools.partial(_command, warm), 10)
        self.app.wait_idle(timeout=60)
        challenge = example("events_api_url_verification.json")
        self.run("url_verification (baseline)", lambda _: slack.post_json(challenge))
        self.run(BARE_ACK_ONLY, lambda _: bare.command("", user=ALICE))
        for name, via, command in (
            (f"{MODAL}, bare Bolt", bare, MODAL_COMMAND),
            (MODAL, slack, "/stand"),
        ):
            clicked: dict[str, float] = {}  # trigger_id -> when the person typed it
            before = self.fake.count("views.open")
            click = functools.partial(_click, via, clicked, command)
            sent = self.run("/stand" if via is slack else "/stand, bare Bolt", click)
            self.settle("views.open", before + sent)
            self.report.kinds[name] = modal_delays(self.fake, clicked)

    def declarations(self) -> int:
        view = declare_stand_modal().to_dict()
        authors = self.authors

        def declare(via: SlackSender) -> Callable[[int], httpx.Response]:
            return lambda i: via.view_submission(view, stand_values(), user=authors[i])

        before = users_info_calls(self.fake)
        self.run("declaration submission, bare Bolt", declare(self.bare), closed)
        bare_lookups = users_info_calls(self.fake) - before
        before = users_info_calls(self.fake)
        declared = self.run("declaration submission", declare(self.slack), closed)
        self.settle("views.publish", declared)
        stand_lookups = users_info_calls(self.fake) - before
        self.report.notes.append(
            f"users.info calls during the declarations: Stand {stand_lookups},"
            f" bare Bolt {bare_lookups}"
        )
        return declared

    def proposals(self, published: int) -> None:
        stands, _ = stored(self.db)
        slack = self.slack

        def propose(i: int) -> httpx.Response:
            view, values, user = a_proposal(*stands[i])
            return slack.view_submission(view, values, user=user)

        # One proposal for each stand just declared, by its author.
        n = len(stands)
        proposed = self.run("pilot proposal submission", propose, closed, n=n)
        self.settle("views.publish", published + proposed)
        _, pilots = stored(self.db)
        bare_rows, n = self.bare_app.stored(), self.report.n
        self.report.notes.append(
            f"stored: Stand {len(stands)} stands and {pilots} pilots,"
            f" bare Bolt {bare_rows} rows, of {n} each"
        )
        if len(stands) != n:
            self.report.problems.append(f"Stand stored {len(stands)} stands of {n}")
        if pilots != len(stands):
            self.report.problems.append(f"Stand stored {pilots} pilots of {len(stands)}")
        if bare_rows != n:
            self.report.problems.append(f"bare Bolt stored {bare_rows} rows of {n}")


def main(
    n: int, concurrency: int, slack_latency_ms: float = 0.0, *, fake_in_process: bool = False
) -> Report:
    clock = Clock()  # one clock for the apps, the fake Slack and the requests, as in the tests
    report = Report(n, concurrency)
    queue = QueueDepth()
    logging.getLogger("waitress.queue").addFilter(queue)
    # Every declaration by someone else (see the docstring), each known to Slack.
    authors = [f"U0DECL{i:04d}" for i in range(n)]
    hosting = FakeSlack if fake_in_process else HostedFake
    with tempfile.TemporaryDirectory() as tmp, hosting(BOT_TOKEN, clock=clock) as fake:
        fake.latency = slack_latency_ms / 1000
        fake.add_user(ALICE, name="alice", tz="Europe/Berlin")
        fake.add_user(BOB, name="bob", tz="America/New_York")
        for i, author in enumerate(authors):
            fake.add_user(author, name=f"declarer{i}", tz="Europe/Berlin")
        (Path(tmp) / "bare").mkdir()
        with (
            fresh_database_url(Path(tmp)) as url,
            fresh_database_url(Path(tmp) / "bare", migrated=False) as bare_url,
        ):
            db = Database.from_url(url)
            with (
                RunningApp(app_settings(fake.url, url), db, clock.now) as app,
                BareBolt(
                    signing_secret=SIGNING_SECRET,
                    token=BOT_TOKEN,
                    slack_api_url=fake.url,
                    database_url=bare_url,
                    modal=declare_stand_modal().to_dict(),
                ) as bare_app,
            ):
                slack = sender(app.url, fake, clock, concurrency)
                bare = sender(bare_app.url, fake, clock, concurrency)
                snapshot = Bench(report, fake, app, db, bare_app, slack, bare, authors)
                snapshot.commands()
                published = snapshot.declarations()
                snapshot.proposals(published)
                slack.close()
                bare.close()
                report.notes.append(
                    f"deepest queue for a waitress thread (four per app): {queue.deepest}"
                )
                if fake.violations:
                    report.problems.append(f"fake Slack saw: {sorted(set(fake.violations))[:5]}")
            db.dispose()
    order = [  # as printed: Stand's line above the bare app's
        "url_verification (baseline)",
        "/stand",
        "/stand, bare Bolt",
        BARE_ACK_ONLY,
        MODAL,
        f"{MODAL}, bare Bolt",
        "declaration submission",
        "declaration submission, bare Bolt",
        "pilot proposal submission",
    ]
    report.kinds = {name: report.kinds[name] for name in order}
    late = sum(sample > WINDOW_MS for sample in report.kinds[MODAL].samples)
    if late:
        report.problems.append(f"{late} modals opened over 3 s after the click: trigger expired")
    for name, timings in report.kinds.items():
        for failure in sorted(set(timings.failures)):
            report.problems.append(f"{name}: {timings.failures.count(failure)} x {failure}")
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ack_time")
    parser.add_argument("n", nargs="?", type=int, default=200, help="requests of each kind")
    parser.add_argument(
        "--concurrent",
        type=int,
        default=1,
        metavar="C",
        help="send the requests C at a time (default: one at a time)",
    )
    parser.add_argument(
        "--slack-latency",
        type=float,
        default=0.0,
        metavar="MS",
        help="every Web API call answered this much later, as over the internet (default 0)",
    )
    parser.add_argument(
        "--fake-in-process",
        action="store_true",
        help="run the fake Slack in this process, sharing the apps' interpreter lock",
    )
    arguments = parser.parse_args()
    result = main(
        arguments.n,
        max(1, arguments.concurrent),
        arguments.slack_latency,
        fake_in_process=arguments.fake_in_process,
    )
    result.print()
    if result.problems:
        raise SystemExit(1)
