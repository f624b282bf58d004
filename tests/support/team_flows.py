"""Steps of F3 as people take them in Slack, and the roster check, for scenario tests.

Everything goes through signed requests to the running app; the database is only read, to
compare with what the fake Slack shows.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from slack_app.store.database import Database
from tests.fakeslack import Call, FakeSlack
from tests.support.clock import running
from tests.support.roster_check import (
    the_stand,
)
from tests.support.signed import SlackSender, example
from tests.support.stand_forms import open_declare_modal, stand_values
from tests.support.waiting import eventually

OPT_IN = "raised_hands"
_USER = re.compile(r"<@([A-Z0-9]+)>")
_LINE = re.compile(r"^<@([A-Z0-9]+)>(?: · since (.+))?$")
_TITLE = re.compile(r"^\*(On the team|Watching) \((\d+)\)\*$")


# -- Slack's clock ----------------------------------------------------------------------------
def slack_ts() -> str:
    """A Slack event_ts for "now": the next in the running test's one Slack sequence."""
    return running().slack_ts()


# -- buttons and modals ------------------------------------------------------------------------
def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A message's (or view's) buttons by action id."""
    return {
        element["action_id"]: element
        for block in message.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    }


def button(action_id: str, value: str, text: str = "Button") -> dict[str, Any]:
    """A button as the app builds them, e.g. with a value nobody was given."""
    return {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": text},
    }


def press_in_dm(
    slack: SlackSender,
    fake: FakeSlack,
    message: dict[str, Any],
    action_id: str,
    *,
    user: str,
    dm_of: str | None = None,
) -> httpx.Response:
    """Press a button of a bot DM ``message`` (in ``dm_of``'s DM, default ``user``'s)."""
    channel = fake.workspace.dm_ids[dm_of or user]
    response = slack.block_action(
        buttons(message)[action_id], user=user, message=message, channel=channel
    )
    assert response.status_code == 200
    return response


def dm_with_button(fake: FakeSlack, user: str, action_id: str) -> dict[str, Any]:
    """The newest bot DM to ``user`` that carries the ``action_id`` button."""
    found = eventually(lambda: [m for m in fake.dm_messages(user) if action_id in buttons(m)])
    return found[-1]


def opened_view(fake: FakeSlack, before: int) -> dict[str, Any]:
    """The modal the app opened after ``before`` views.open calls, with its view id."""
    call = fake.wait_for("views.open", count=before + 1)[-1]
    assert call.response["ok"], call.response
    view: dict[str, Any] = dict(call.args["view"])
    view["id"] = call.response["view"]["id"]
    return view


def open_team_modal(
    slack: SlackSender,
    fake: FakeSlack,
    *,
    action_id: str = "open_form_team",
    author: str,
    user: str | None = None,
) -> dict[str, Any]:
    """Press ``action_id`` in the author's DM (as ``user``, default the author): the modal."""
    before = len(fake.calls_to("views.open"))
    press_in_dm(
        slack, fake, dm_with_button(fake, author, action_id), action_id, user=user or author
    )
    return opened_view(fake, before)


def chosen_stand(view: dict[str, Any]) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == "stand")
    option: dict[str, Any] = block["element"]["initial_option"]
    return option


def suggested_name(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == "channel_name")
    return str(block["element"]["initial_value"])


def form_values(
    view: dict[str, Any], *, name: str | None = None, private: bool = False
) -> dict[str, Any]:
    """``view.state.values`` of the "Form a team" modal as Slack sends them."""
    shield = next(b for b in view["blocks"] if b.get("block_id") == "shielded")
    selected = shield["element"]["options"] if private else []
    return {
        "stand": {"stand": {"type": "static_select", "selected_option": chosen_stand(view)}},
        "channel_name": {
            "channel_name": {
                "type": "plain_text_input",
                "value": suggested_name(view) if name is None else name,
            }
        },
        "shielded": {"shielded": {"type": "checkboxes", "selected_options": selected}},
    }


def link_values(view: dict[str, Any], channel: str | None) -> dict[str, Any]:
    return {
        "stand": {"stand": {"type": "static_select", "selected_option": chosen_stand(view)}},
        "existing_channel": {
            "existing_channel": {
                "type": "conversations_select",
                "selected_conversation": channel,
            }
        },
    }


def submit(
    slack: SlackSender, view: dict[str, Any], values: dict[str, Any], *, user: str
) -> dict[str, Any]:
    """Submit a modal; the ack's body ({} when it closed)."""
    response = slack.view_submission(view, values, user=user)
    assert response.status_code == 200
    body: dict[str, Any] = response.json() if response.content else {}
    return body


# -- the flow up to a team ---------------------------------------------------------------------
def declare_with_follower(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    *,
    author: str,
    follower: str | None,
    answer: bool = True,
    **values: Any,
) -> int:
    """Declare a stand (asking ``follower`` in the modal); unless told not to ``answer``,
    the follower presses "I'm in" in their DM. The stand's id, once they are its first
    follower."""
    before = len(fake.calls_to("views.publish"))
    view = open_declare_modal(slack, fake, user=author)
    ack = submit(slack, view, stand_values(first_follower=follower, **values), user=author)
    assert ack == {}, ack
    fake.wait_for("views.publish", count=before + 1)
    stand_id = int(
        buttons(dm_with_button(fake, author, "open_form_team"))["open_form_team"]["value"]
    )
    if follower is not None and answer:
        say_im_in(slack, fake, db, stand_id, follower=follower, author=author)
    return stand_id


def say_im_in(
    slack: SlackSender, fake: FakeSlack, db: Database, stand_id: int, *, follower: str, author: str
) -> None:
    """The asked person presses "I'm in" in their DM; waits until the author is told."""
    told = len([m for m in fake.dm_messages(author) if "answered" in m["text"]])
    press_in_dm(
        slack, fake, dm_with_button(fake, follower, "follower_in"), "follower_in", user=follower
    )
    eventually(lambda: the_stand(db, stand_id).first_follower_id is not None)
    # The author hears the answer: the last thing the app does for this press but the roster.
    eventually(lambda: len([m for m in fake.dm_messages(author) if "answered" in m["text"]]) > told)


def author_news(fake: FakeSlack, author: str, before: int) -> dict[str, Any]:
    """The first DM to ``author`` after their first ``before`` DMs."""
    return eventually(lambda: fake.dm_messages(author)[before:])[0]


def form(
    slack: SlackSender,
    fake: FakeSlack,
    *,
    author: str,
    name: str | None = None,
    private: bool = False,
) -> tuple[str | None, dict[str, Any]]:
    """Press "Form a team", submit the modal; (the new channel's id, the author's news).

    Waits until the app has finished: the news DM, then (when formed) the Home refresh.
    """
    view = open_team_modal(slack, fake, author=author)
    return finish(slack, fake, view, form_values(view, name=name, private=private), author=author)


def link(
    slack: SlackSender, fake: FakeSlack, *, author: str, channel: str
) -> tuple[str | None, dict[str, Any]]:
    """Press "Link a channel", pick ``channel``; (the channel when linked, the news)."""
    view = open_team_modal(slack, fake, action_id="open_link_channel", author=author)
    return finish(slack, fake, view, link_values(view, channel), author=author)


def finish(
    slack: SlackSender,
    fake: FakeSlack,
    view: dict[str, Any],
    values: dict[str, Any],
    *,
    author: str,
) -> tuple[str | None, dict[str, Any]]:
    dms = len(fake.dm_messages(author))
    homes = len(fake.calls_to("views.publish"))
    ack = submit(slack, view, values, user=author)
    assert ack == {}, ack
    news = author_news(fake, author, dms)
    match = re.search(r"Your team has a home: <#([A-Z0-9]+)>", news["text"])
    if match is None:
        return None, news
    fake.wait_for("views.publish", count=homes + 1)
    return match.group(1), news


# -- what people do in the pilot channel --------------------------------------------------------
def reaction(
    kind: str, *, user: str, channel: str, ts: str, emoji: str = OPT_IN, at: str | None = None
) -> dict[str, Any]:
    """A reaction_added / reaction_removed event on the message ``ts``."""
    event: dict[str, Any] = example(f"event_{kind}.json")["event"]
    event.update(user=user, reaction=emoji, event_ts=at or slack_ts())
    event["item"] = {"type": "message", "channel": channel, "ts": ts, "channel_type": "channel"}
    return event


def membership(kind: str, *, user: str, channel: str, at: str | None = None) -> dict[str, Any]:
    """A member_joined_channel / member_left_channel event."""
    event: dict[str, Any] = example(f"event_{kind}.json")["event"]
    event.update(user=user, channel=channel, event_ts=at or slack_ts())
    return event


def set_in_channel(fake: FakeSlack, channel: str, user: str, *, present: bool) -> None:
    """Slack's side of a join or leave (the fake does not send events itself)."""
    with fake.workspace.lock:
        members = fake.workspace.channels[channel].members
        if present:
            members.add(user)
        else:
            members.discard(user)


def settle(slack: SlackSender, fake: FakeSlack, user: str) -> None:
    """Wait until the app has handled everything sent before: every listener it started has
    finished (and, as a check on the wait, an event that always answers was answered)."""
    before = len(fake.calls_to("views.publish"))
    event = example("event_app_home_opened_home.json")["event"]
    event.update(user=user, tab="home")
    assert slack.event(event).status_code == 200
    slack.wait_idle()
    fake.wait_for("views.publish", count=before + 1)


def roster_edits(fake: FakeSlack, channel: str) -> list[Call]:
    """The app's chat.update calls in ``channel`` (the roster, edited in place)."""
    return [c for c in fake.calls_to("chat.update") if c.args.get("channel") == channel]


def wait_for_edits(fake: FakeSlack, channel: str, count: int) -> list[Call]:
    return eventually(lambda: (found := roster_edits(fake, channel))[count - 1 :] and found)
