"""Single-workspace mode serves the token's workspace (and org) only: a correctly signed
request naming another is refused before anything is looked up, called or stored."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select

from slack_app.store.database import Database
from slack_app.store.models import StandRow
from tests.conftest import ALICE, GENERAL
from tests.fakeslack import FakeSlack
from tests.support.hostile import called, no_traceback, stored_anything
from tests.support.signed import SlackSender
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.team_flows import reaction

OTHER_TEAM, OTHER_ORG = "T0OTHER001", "E0OTHER001"
PRESS = {
    "type": "button",
    "action_id": "im_in",
    "value": "1",
    "text": {"type": "plain_text", "text": "I'm in"},
}
MESSAGE = {"type": "message", "ts": "1700000000.000100", "text": "vision"}
DECLARATION = {"type": "modal", "callback_id": "declare_stand", "blocks": []}

REQUESTS: dict[str, Callable[[SlackSender], httpx.Response]] = {
    "/stand": lambda s: s.command("", user=ALICE),
    "/stand list": lambda s: s.command("list", user=ALICE),
    "a press on a message": lambda s: s.block_action(
        PRESS, user=ALICE, message=MESSAGE, channel=GENERAL
    ),
    "a modal submitted": lambda s: s.view_submission(DECLARATION, stand_values(), user=ALICE),
    "a reaction": lambda s: s.event(
        reaction("reaction_added", user=ALICE, channel=GENERAL, ts=MESSAGE["ts"])
    ),
    "the Home opened": lambda s: s.event(
        {"type": "app_home_opened", "user": ALICE, "tab": "home", "event_ts": "1.2"}
    ),
}


@pytest.mark.parametrize("request_kind", list(REQUESTS))
@pytest.mark.parametrize(("team", "org"), [(OTHER_TEAM, None), ("ours", OTHER_ORG)])
def test_a_signed_request_from_another_workspace_or_org_is_refused(
    slack: SlackSender,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    request_kind: str,
    team: str,
    org: str | None,
) -> None:
    slack.team_id = fake_slack.team_id if team == "ours" else team
    slack.enterprise_id = org

    with caplog.at_level(logging.INFO):
        response = REQUESTS[request_kind](slack)
    slack.wait_idle()

    assert response.status_code == 200
    if request_kind.startswith("/stand"):
        assert "Stand is not installed in this workspace" in response.json()["text"]
    else:
        assert response.content == b""
    assert called(fake_slack) == []
    assert stored_anything(db) == []
    no_traceback(caplog)
    assert f"refused a request from workspace {slack.team_id} (org {org or 'none'})" in caplog.text


def test_an_id_that_is_not_an_id_is_not_logged(
    slack: SlackSender, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    slack.team_id = "T0\n2026 CRITICAL forged"

    assert slack.command("", user=ALICE).status_code == 200

    assert "forged" not in caplog.text
    assert "refused a request from workspace malformed" in caplog.text
    assert called(fake_slack) == []
    assert stored_anything(db) == []


@pytest.fixture
def org_slack(request: pytest.FixtureRequest, fake_slack: FakeSlack) -> SlackSender:
    """The app, with its token in a workspace of an Enterprise Grid org (known at start)."""
    fake_slack.enterprise_id = "E0ORG00001"
    sender: SlackSender = request.getfixturevalue("slack")
    sender.enterprise_id = "E0ORG00001"
    return sender


def test_in_an_enterprise_grid_org_rows_carry_the_org_and_the_workspace(
    org_slack: SlackSender, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_declare_modal(org_slack, fake_slack, user=ALICE)
    assert org_slack.view_submission(view, stand_values(), user=ALICE).content == b""
    org_slack.wait_idle()

    with db.across_workspaces() as session:
        [row] = session.scalars(select(StandRow)).all()
    assert (row.team_id, row.enterprise_id) == (fake_slack.team_id, "E0ORG00001")

    fake_slack.reset_calls()
    org_slack.enterprise_id = OTHER_ORG  # our workspace's id, with another org's
    assert "not installed" in org_slack.command("list", user=ALICE).json()["text"]
    assert called(fake_slack) == []
