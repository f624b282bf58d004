"""views.*: modals and the Home tab, as slack-sdk's WebClient drives them."""

from __future__ import annotations

from slack_sdk import WebClient

from tests.fakeslack import FakeSlack
from tests.fakeslack.helpers import ALICE, BOB, error_of, modal, section


def test_modal_views(client: WebClient, fake: FakeSlack) -> None:
    opened = client.views_open(trigger_id="111.222.aaa", view=modal(external_id="checkin-1"))[
        "view"
    ]
    assert opened["id"].startswith("V")
    assert opened["state"] == {"values": {}}
    assert opened["title"]["text"] == "Check in"
    assert fake.views[opened["id"]]["hash"] == opened["hash"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Step 2"))
    assert updated["view"]["id"] == opened["id"]
    assert updated["view"]["hash"] != opened["hash"]
    assert fake.views[opened["id"]]["title"]["text"] == "Step 2"
    stale = error_of(
        lambda: client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal())
    )
    assert stale == "hash_conflict"
    by_external = client.views_update(external_id="checkin-1", view=modal("Step 3"))
    assert by_external["view"]["id"] == opened["id"]
    assert error_of(lambda: client.views_update(view_id="V0NOPE0001", view=modal())) == "not_found"
    pushed = client.views_push(trigger_id="111.222.bbb", view=modal("Details"))["view"]
    assert pushed["id"] != opened["id"]
    assert len(fake.views) == 2
    fake.expire_trigger("111.222.ccc")
    expired = error_of(lambda: client.views_open(trigger_id="111.222.ccc", view=modal()))
    assert expired == "expired_trigger_id"
    reused = error_of(lambda: client.views_open(trigger_id="111.222.aaa", view=modal()))
    assert reused == "exchanged_trigger_id"
    assert fake.violations == []


def test_home_tab(client: WebClient, fake: FakeSlack) -> None:
    home = {"type": "home", "blocks": [section("Your stands")]}
    first = client.views_publish(user_id=ALICE, view=home)["view"]
    second = client.views_publish(user_id=ALICE, view=home, hash=first["hash"])["view"]
    assert first["id"] == second["id"]
    stored = fake.home_view(ALICE)
    assert stored is not None
    assert stored["blocks"] == [section("Your stands")]
    assert fake.home_view(BOB) is None
    assert fake.views == {}
    stale = error_of(lambda: client.views_publish(user_id=ALICE, view=home, hash=first["hash"]))
    assert stale == "hash_conflict"
    assert error_of(lambda: client.views_publish(user_id="U0NOBODY01", view=home)) == (
        "invalid_arguments"
    )
    assert fake.violations == []


def test_views_open_refuses_a_reused_external_id(client: WebClient, fake: FakeSlack) -> None:
    client.views_open(trigger_id="1.2.a", view=modal(external_id="once"))
    again = error_of(lambda: client.views_open(trigger_id="1.2.b", view=modal(external_id="once")))
    assert again == "duplicate_external_id"
    assert len(fake.views) == 1


def test_views_publish_wants_a_home_view(client: WebClient, fake: FakeSlack) -> None:
    assert (
        error_of(lambda: client.views_publish(user_id=ALICE, view=modal())) == "invalid_arguments"
    )
    assert fake.violations == ["views.publish: view type must be 'home', got 'modal'"]
    assert fake.home_view(ALICE) is None
