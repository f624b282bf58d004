"""The shapes of what Slack sends, as far as the listeners read them: each payload kind
a listener takes, its parts described as Slack sends them (a part Slack may leave out is
optional); anything else in a payload is ignored."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, StringConstraints


class Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


Text = StrictStr | None
# A person's id ("U0ALICE001", "W…" on Enterprise Grid, "USLACKBOT").
UserId = Annotated[str, StringConstraints(strict=True, pattern=r"^[UW][A-Z0-9]{2,31}$")]
# A Slack timestamp ("1718950801.000500"): the app reads it as a decimal instant.
Ts = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9]{1,10}(\.[0-9]{1,6})?$")]


class Option(Shape):
    value: Text = None


class Element(Shape):
    """An input's state in a modal (or an element's in a message)."""

    value: Text = None
    selected_user: Text = None
    selected_date: Text = None
    selected_time: Text = None
    selected_conversation: Text = None
    selected_channel: Text = None
    selected_option: Option | None = None
    selected_options: list[Option] | None = None


class State(Shape):
    values: dict[str, dict[str, Element]] = {}


class View(Shape):
    id: Text = None
    team_id: Text = None
    callback_id: Text = None
    private_metadata: Text = None
    hash: Text = None
    state: State | None = None
    blocks: list[dict[str, Any]] | None = None


class Person(Shape):
    id: StrictStr
    team_id: Text = None


class Named(Shape):
    id: StrictStr


class Container(Shape):
    type: Text = None
    channel_id: Text = None
    message_ts: Ts | None = None
    view_id: Text = None


class Message(Shape):
    ts: Ts | None = None
    thread_ts: Ts | None = None
    user: Text = None
    text: Text = None


class Pressed(Shape):
    action_id: StrictStr
    block_id: Text = None
    value: Text = None
    action_ts: Ts | None = None
    selected_option: Option | None = None


class BlockActions(Shape):
    user: Person
    team: Named | None = None
    trigger_id: StrictStr
    response_url: Text = None
    container: Container | None = None
    channel: Named | None = None
    message: Message | None = None
    view: View | None = None
    actions: list[Pressed] = Field(min_length=1)


class ViewSubmission(Shape):
    user: Person
    team: Named | None = None
    view: View


class Command(Shape):
    command: StrictStr
    text: Text = None
    user_id: StrictStr
    team_id: Text = None
    channel_id: Text = None
    trigger_id: StrictStr
    response_url: Text = None


class Callback(Shape):
    """An Events API delivery's envelope."""

    event_id: StrictStr
    team_id: Text = None
    event: dict[str, Any]


class Item(Shape):
    type: Text = None
    channel: Text = None
    ts: Ts | None = None


class Reaction(Shape):
    user: UserId
    reaction: StrictStr
    item: Item
    event_ts: Ts


class Membership(Shape):
    user: UserId
    channel: StrictStr
    event_ts: Ts


class HomeOpened(Shape):
    user: UserId
    tab: Text = None


class Posted(Shape):
    """A message event, of any subtype (an edit and a deletion carry the message in them)."""

    subtype: Text = None
    channel: StrictStr
    ts: Ts
    user: Text = None
    bot_id: Text = None
    thread_ts: Ts | None = None
    text: Text = None
    message: Message | None = None
    previous_message: Message | None = None


EVENTS: dict[str, type[Shape]] = {
    "reaction_added": Reaction,
    "reaction_removed": Reaction,
    "member_joined_channel": Membership,
    "member_left_channel": Membership,
    "app_home_opened": HomeOpened,
    "message": Posted,
}
INTERACTIONS: dict[str, type[Shape]] = {
    "block_actions": BlockActions,
    "view_submission": ViewSubmission,
    "view_closed": ViewSubmission,
}
