"""Steps of F3 scenario tests that need the team fixtures' shapes: delivering events,
pressing buttons as people do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from slack_app.domain.team import Standing
from slack_app.store.database import Database
from slack_app.store.models import TeamPersonRow
from tests.conftest import ALICE
from tests.fakeslack import FakeSlack
from tests.support.roster_check import (
    assert_roster_matches,
    roster_in_db,
    roster_message,
)
from tests.support.signed import SlackSender, example
from tests.support.team_flows import (
    buttons,
    membership,
    reaction,
    roster_edits,
    set_in_channel,
    settle,
    wait_for_edits,
)

DAVE, ERIN = "U0DAVE0001", "U0ERIN0001"
NAME = "pilot-out-every-day-tested-by-machines"  # from "It's going to go out every day, …"


@dataclass(frozen=True)
class Pilot:
    """A formed team, as the fake Slack shows it."""

    stand_id: int
    channel: str
    team_id: int
    vision: dict[str, Any]


# -- steps ---------------------------------------------------------------------------------------
def deliver(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    event: dict[str, Any],
    *,
    moves: bool,
) -> None:
    """Deliver ``event``; wait for the roster edit when it ``moves`` someone, else make sure
    nothing was edited. Then the roster in Slack must match the database."""
    updates = len(roster_edits(fake, pilot.channel))
    assert slack.event(event).status_code == 200
    _check_roster(slack, fake, db, pilot, updates, moves=moves)


def _check_roster(
    slack: SlackSender, fake: FakeSlack, db: Database, pilot: Pilot, updates: int, *, moves: bool
) -> None:
    """Wait for one more roster edit when someone moved (else none), then compare with the DB."""
    if moves:
        wait_for_edits(fake, pilot.channel, updates + 1)
    else:
        settle(slack, fake, ALICE)
        assert len(roster_edits(fake, pilot.channel)) == updates
    assert_roster_matches(fake, db, pilot.channel)


def press_im_in(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    """``user`` presses "I'm in" on the vision post in the pilot channel."""
    updates = len(roster_edits(fake, pilot.channel))
    vision = pilot.vision
    im_in = buttons(vision)["im_in"]
    response = slack.block_action(im_in, user=user, message=vision, channel=pilot.channel)
    assert response.status_code == 200
    _check_roster(slack, fake, db, pilot, updates, moves=moves)


def _move(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    present: bool,
    moves: bool,
) -> None:
    """``user`` joins (``present``) or leaves the pilot channel, as Slack reports it."""
    set_in_channel(fake, pilot.channel, user, present=present)
    kind = "member_joined_channel" if present else "member_left_channel"
    event = membership(kind, user=user, channel=pilot.channel)
    deliver(slack, fake, db, pilot, event, moves=moves)


def join(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    _move(slack, fake, db, pilot, user, present=True, moves=moves)


def leave(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    moves: bool = True,
) -> None:
    _move(slack, fake, db, pilot, user, present=False, moves=moves)


def react(
    slack: SlackSender,
    fake: FakeSlack,
    db: Database,
    pilot: Pilot,
    user: str,
    *,
    kind: str = "reaction_added",
    emoji: str = "raised_hands",
    moves: bool = True,
) -> None:
    event = reaction(kind, user=user, channel=pilot.channel, ts=pilot.vision["ts"], emoji=emoji)
    deliver(slack, fake, db, pilot, event, moves=moves)


def standing(fake: FakeSlack, db: Database, pilot: Pilot, user: str) -> Standing:
    return roster_in_db(db, fake, pilot.channel).standing_of(user)


def read_follower(fake: FakeSlack, pilot: Pilot) -> str:
    """What the roster message says after *First follower:*."""
    line: str = next(
        b["text"]["text"]
        for b in roster_message(fake, pilot.channel)["blocks"]
        if b["type"] == "section" and b["text"]["text"].startswith("*Lead:*")
    )
    return line.split("*First follower:*")[1].strip()


def stand_list(slack: SlackSender, user: str = ALICE) -> str:
    response = slack.command("list", user=user)
    assert response.status_code == 200
    return str(response.json()["blocks"])


def people_rows(db: Database) -> list[str]:
    with db.across_workspaces() as session:
        return [row.user_id for row in session.scalars(select(TeamPersonRow))]


def home_text(fake: FakeSlack, user: str) -> str:
    home = fake.home_view(user)
    assert home is not None
    return str(home["blocks"])


def open_home(slack: SlackSender, fake: FakeSlack, user: str) -> str:
    before = len(fake.calls_to("views.publish"))
    event = example("event_app_home_opened_home.json")["event"]
    event.update(user=user, tab="home")
    slack.event(event)
    fake.wait_for("views.publish", count=before + 1)
    return home_text(fake, user)
