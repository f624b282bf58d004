"""The fake's Slack for many workspaces answers oauth.v2.access as Slack does, refusals
included, and sends each call to the workspace its token belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakeslack.cloud import SlackCloud
from tests.support.clock import Clock


@pytest.fixture
def cloud(clock: Clock) -> Iterator[SlackCloud]:
    with SlackCloud(clock) as slack:
        slack.redirect_url = "https://stand.example.com/slack/oauth_redirect"
        slack.add_workspace("T0ACME0001", name="Acme", tag="0ACM")
        slack.add_workspace("T0BETA0001", name="Beta", tag="0BET")
        yield slack


def code_for(cloud: SlackCloud, team: str) -> str:
    approved = httpx.get(
        f"{cloud.root}/oauth/v2/authorize",
        params={"client_id": cloud.client_id, "scope": "chat:write", "state": "s", "team": team},
    )
    assert approved.status_code == 302
    query = parse_qs(urlsplit(approved.headers["location"]).query)
    assert query["state"] == ["s"]
    return query["code"][0]


def exchange(cloud: SlackCloud, *, secret: str | None = None, **args: str) -> dict[str, object]:
    client = WebClient(base_url=cloud.url)
    try:
        answer = client.oauth_v2_access(
            client_id=cloud.client_id, client_secret=secret or cloud.client_secret, **args
        )
    except SlackApiError as error:
        return {"error": error.response["error"]}
    return dict(answer.data)  # type: ignore[arg-type]


def test_a_code_is_exchanged_once_for_its_workspaces_token(cloud: SlackCloud) -> None:
    code = code_for(cloud, "T0BETA0001")

    installed = exchange(cloud, code=code)

    assert installed["team"] == {"id": "T0BETA0001", "name": "Beta"}
    assert installed["scope"] == "chat:write"
    token = str(installed["access_token"])
    assert WebClient(token=token, base_url=cloud.url).auth_test()["team_id"] == "T0BETA0001"
    assert exchange(cloud, code=code) == {"error": "invalid_code"}  # used already
    assert cloud.violations == []


@pytest.mark.parametrize(
    ("args", "secret", "error"),
    [
        ({"code": "made-up"}, None, "invalid_code"),
        ({"code": "any"}, "wrong-secret", "bad_client_secret"),
        (
            {"grant_type": "refresh_token", "refresh_token": "xoxe-1-made-up"},
            None,
            "invalid_refresh_token",
        ),
    ],
)
def test_oauth_refusals_are_slacks(
    cloud: SlackCloud, args: dict[str, str], secret: str | None, error: str
) -> None:
    assert exchange(cloud, secret=secret, **args) == {"error": error}


def test_a_token_acts_only_in_its_own_workspace(cloud: SlackCloud) -> None:
    token = str(exchange(cloud, code=code_for(cloud, "T0ACME0001"))["access_token"])
    acme, beta = cloud.workspaces["T0ACME0001"], cloud.workspaces["T0BETA0001"]
    acme.add_channel("C0ONLYACME", name="acme-only")

    WebClient(token=token, base_url=cloud.url).chat_postMessage(channel="C0ONLYACME", text="hi")

    assert [c.method for c in acme.calls] == ["chat.postMessage"]
    assert beta.calls == []
    cloud.uninstall(acme)
    with pytest.raises(SlackApiError) as refused:
        WebClient(token=token, base_url=cloud.url).auth_test()
    assert refused.value.response["error"] == "invalid_auth"
    assert cloud.strays == ["/api/auth.test"]
