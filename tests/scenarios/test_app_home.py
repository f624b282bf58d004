"""F7's first version: the Home tab shows the person's stands, or how breakthroughs happen."""

from __future__ import annotations

from tests.conftest import ALICE, BOB
from tests.fakeslack import FakeSlack
from tests.support.clock import in_words
from tests.support.signed import SlackSender, example
from tests.support.stand_forms import BY_WHEN, open_declare_modal, stand_values


def home_opened(user: str, tab: str = "home") -> dict[str, object]:
    event = example("event_app_home_opened_home.json")["event"]
    event.update(user=user, tab=tab)
    return event  # type: ignore[no-any-return]


def test_a_person_with_no_stands_sees_the_process_and_a_button(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    assert slack.event(home_opened(ALICE)).status_code == 200

    [call] = fake_slack.wait_for("views.publish")
    view = call.args["view"]
    assert call.args["user_id"] == ALICE
    assert view["type"] == "home"
    text = str(view["blocks"])
    assert "crisis or from inspiration" in text
    assert "first follower" in text
    assert "milestones" in text.lower()
    buttons = [
        e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["open_declare_stand"]


def test_the_home_tab_lists_the_persons_stands_newest_first(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    for going, user in (("Old stand", ALICE), ("Bob's", BOB), ("New stand", ALICE)):
        view = open_declare_modal(slack, fake_slack, user=user)
        slack.view_submission(view, stand_values(going=going), user=user)
    slack.wait_idle()
    # Her Home was redrawn after her declarations (once, when they came close together).
    redrawn = [c for c in fake_slack.calls_to("views.publish") if c.args["user_id"] == ALICE]
    assert "New stand" in str(redrawn[-1].args["view"]["blocks"])
    published = len(fake_slack.calls_to("views.publish"))

    slack.event(home_opened(ALICE))

    calls = fake_slack.wait_for("views.publish", count=published + 1)
    text = str(calls[-1].args["view"]["blocks"])
    assert "Your stands (2)" in text
    assert text.index("New stand") < text.index("Old stand")
    assert "Bob's" not in text
    assert "Declared" in text
    assert f"by {in_words(BY_WHEN)}" in text  # the by-when, as a calendar date


def test_the_messages_tab_publishes_nothing(slack: SlackSender, fake_slack: FakeSlack) -> None:
    assert slack.event(home_opened(ALICE, tab="messages")).status_code == 200
    assert slack.event(home_opened(BOB)).status_code == 200  # a later event, to wait on

    [call] = fake_slack.wait_for("views.publish")
    assert call.args["user_id"] == BOB


def test_the_home_button_opens_the_declaration_modal(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    slack.event(home_opened(ALICE))
    view = fake_slack.wait_for("views.publish")[0].args["view"]
    button = next(e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])

    response = slack.block_action(button, user=ALICE)

    assert response.status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "declare_stand"


def test_an_event_retried_by_slack_is_handled_once(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    event = home_opened(ALICE)
    for retry in (None, 1, 2, 3):
        response = slack.event(event, event_id="Ev0RETRY001", retry_num=retry)
        assert response.status_code == 200
    slack.event(home_opened(BOB), event_id="Ev0OTHER001")

    fake_slack.wait_for("views.publish", count=2)
    slack.wait_idle()
    # Each once; the two Homes are drawn side by side, in either order.
    calls = fake_slack.calls_to("views.publish")
    assert sorted(c.args["user_id"] for c in calls) == sorted([ALICE, BOB])
