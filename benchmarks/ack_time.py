"""How fast Stand acks, against Slack's 3-second window.

Runs the real app (waitress, in this process) against the fake Slack and sends N signed
requests of each kind: `url_verification` (the baseline: signature check and Bolt's
dispatch with no listener, no database and no Web API call), `/stand` (ack, then the
modal opens), declaration submissions (a `users.info` lookup, validation and the
insert all happen before the ack), and pilot proposal submissions (two lookups, the rules,
the pilot, its audit entries and the sponsor's decision request, all before the ack).
Prints percentiles and ratios to the baseline.

    uv run --frozen python -m benchmarks.ack_time [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from slack_app.blocks.declare_stand import declare_stand_modal
from slack_app.config import Settings
from slack_app.store.database import Database
from tests.conftest import ALICE, BOB, BOT_TOKEN, SIGNING_SECRET
from tests.fakeslack import FakeSlack
from tests.support.clock import Clock
from tests.support.databases import fresh_database_url
from tests.support.pilot_flows import proposal_values
from tests.support.running_app import RunningApp
from tests.support.signed import SlackSender, example
from tests.support.stand_forms import stand_values


def timed(send: Callable[[], httpx.Response], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = send()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return samples


def a_proposal(stand_id: int) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A proposal for ``stand_id`` sent to Bob, as the modal submits it."""
    view = {"type": "modal", "callback_id": "propose_pilot", "private_metadata": "", "blocks": []}
    values = proposal_values({"blocks": [{"block_id": "send"}]}, sponsor=BOB)
    chosen = {"value": str(stand_id), "text": {"type": "plain_text", "text": "A stand"}}
    values["stand"] = {"stand": {"type": "static_select", "selected_option": chosen}}
    return view, values, ALICE


def _submit(slack: SlackSender, form: tuple[dict[str, Any], dict[str, Any], str]) -> httpx.Response:
    view, values, user = form
    response = slack.view_submission(view, values, user=user)
    assert response.content == b"", response.text  # stored, modal closed
    return response


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(n: int) -> None:
    clock = Clock()  # one clock for the app, the fake Slack and the requests, as in the tests
    with tempfile.TemporaryDirectory() as tmp, FakeSlack(BOT_TOKEN, clock=clock) as fake:
        fake.add_user(ALICE, name="alice", tz="Europe/Berlin")
        fake.add_user(BOB, name="bob", tz="America/New_York")
        with fresh_database_url(Path(tmp)) as url:
            settings = Settings(
                slack_bot_token=SecretStr(BOT_TOKEN),
                slack_signing_secret=SecretStr(SIGNING_SECRET),
                slack_api_url=fake.url,
                database_url=url,
                _env_file=None,  # type: ignore[call-arg]
            )
            db = Database.from_url(url)
            with RunningApp(settings, db, clock.now) as app:
                slack = SlackSender(
                    app.url,
                    SIGNING_SECRET,
                    team_id=fake.team_id,
                    app_id=fake.app_id,
                    now=clock.now,
                )
                challenge = example("events_api_url_verification.json")
                timed(lambda: slack.command("", user=ALICE), 10)  # warm up
                baseline = timed(lambda: slack.post_json(challenge), n)
                stand = timed(lambda: slack.command("", user=ALICE), n)
                fake.wait_for("views.open", count=n + 10, timeout=60)
                view = declare_stand_modal().to_dict()
                submit = timed(lambda: slack.view_submission(view, stand_values(), user=ALICE), n)
                fake.wait_for("views.publish", count=n, timeout=120)
                stand_ids = iter(range(1, n + 1))  # one proposal per stand just declared
                propose = timed(lambda: _submit(slack, a_proposal(next(stand_ids))), n)
                fake.wait_for("views.publish", count=2 * n, timeout=120)
                slack.close()
            db.dispose()
    print(f"ack time over {n} requests each (ms)")
    kinds = (
        ("url_verification (baseline)", baseline),
        ("/stand", stand),
        ("declaration submission", submit),
        ("pilot proposal submission", propose),
    )
    for name, samples in kinds:
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        print(
            f"  {name:28} p50 {p50:7.2f}  p99 {p99:7.2f}  max {max(samples):7.2f}"
            f"  mean {statistics.fmean(samples):7.2f}"
            f"  vs baseline p50 x {p50 / percentile(baseline, 50):5.1f}"
            f"  share of 3 s at p99 {p99 / 3000:.2%}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
