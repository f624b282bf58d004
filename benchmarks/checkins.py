"""Dispatching due check-ins: throughput, database queries and memory, against a bare loop.

Makes N running pilots whose check-ins all fall due at the same instant (Monday 09:00),
then, in the same run and against the same fake Slack (no latency):
  * baseline: a bare slack-sdk loop posting N messages, one to each pilot channel;
  * Stand: `dispatch_due_checkins` planning, claiming, building and posting the N
    check-ins and recording each one's ts.
Prints check-ins per second, queries per check-in and the process's peak memory, with the ratio
of Stand's rate to the bare loop's.

    uv run --frozen python -m benchmarks.checkins [N]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.charter import counting
from slack_app.flows.checkins.posting import dispatch_due_checkins
from slack_app.slack.client import web_client
from slack_app.store.database import Database
from slack_app.store.schema import upgrade_to_head
from tests.conftest import BOT_TOKEN
from tests.fakeslack import FakeSlack
from tests.fakeslack.blockkit import forget_checked
from tests.support.clock import Clock
from tests.support.many_pilots import DUE, SET_AT, posts_per_checkin, running_pilots


def main(n: int) -> None:
    clock = Clock(SET_AT)  # the benchmark's: the pilots are set up, then it is DUE
    with tempfile.TemporaryDirectory() as tmp, FakeSlack(BOT_TOKEN, clock=clock) as fake:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'snapshot.db'}")
        upgrade_to_head(db.engine)
        channels = running_pilots(db, fake, n)
        clock.current = DUE
        client = web_client(BOT_TOKEN, fake.url)

        started = time.perf_counter()
        for channel in channels:
            client.chat_postMessage(channel=channel, text="Milestone check-in")
        plain = time.perf_counter() - started

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        forget_checked()
        with counting(db) as statements:
            started = time.perf_counter()
            result = dispatch_due_checkins(client, db, DUE)
            elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        counts = posts_per_checkin(fake)
        db.dispose()
        # The bare loop again, posting the very messages Stand posted (the fake checks
        # their blocks as it checked Stand's: its cache of checked blocks is forgotten).
        posted = [call.args for call in fake.calls_to("chat.postMessage")[n:]]
        forget_checked()
        started = time.perf_counter()
        for message in posted:
            client.chat_postMessage(
                channel=message["channel"], text=message["text"], blocks=message["blocks"]
            )
        bare = time.perf_counter() - started
    assert result.posted == n, result
    assert len(counts) == n, "each posted"
    assert set(counts.values()) == {1}, "each posted once"
    print(f"{n} check-ins due at once")
    print(f"  bare slack-sdk loop, plain text  {n / plain:8.1f} messages/s")
    print(f"  bare loop, Stand's messages      {n / bare:8.1f} messages/s (baseline)")
    print(
        f"  Stand dispatch                   {n / elapsed:8.1f} check-ins/s "
        f"({n / elapsed / (n / bare):.2f} of the baseline's rate)"
    )
    print(f"  queries per check-in             {len(statements) / n:8.1f}")
    print(
        f"  peak memory (RSS) of the process {peak / 1024:8.1f} MB "
        f"(+{(peak - before) / 1024:.1f} MB while dispatching)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
