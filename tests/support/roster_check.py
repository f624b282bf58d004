"""Reading the team back: from the database, and from the roster message in the fake Slack."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from slack_app.domain.team import Roster, RosterLine
from slack_app.domain.workspace import Workspace
from slack_app.services.team import roster_of
from slack_app.store.database import Database
from slack_app.store.models import MembershipChangeRow, StandRow, TeamRow
from tests.fakeslack import FakeSlack
from tests.support.clock import in_words

OPT_IN = "raised_hands"
_USER = re.compile(r"<@([A-Z0-9]+)>")
_LINE = re.compile(r"^<@([A-Z0-9]+)>(?: · since (.+))?$")
_TITLE = re.compile(r"^\*(On the team|Watching) \((\d+)\)\*$")


# -- reading the database -------------------------------------------------------------------
def workspace(fake: FakeSlack) -> Workspace:
    return Workspace(fake.team_id, enterprise_id=fake.enterprise_id)


def the_stand(db: Database, stand_id: int) -> StandRow:
    with db.across_workspaces() as session:
        row = session.get(StandRow, stand_id)
    assert row is not None
    return row


def teams(db: Database) -> list[TeamRow]:
    with db.across_workspaces() as session:
        return list(session.scalars(select(TeamRow).order_by(TeamRow.id)))


def team_in(db: Database, channel: str) -> TeamRow:
    [team] = [t for t in teams(db) if t.channel_id == channel]
    return team


def changes(db: Database, user: str | None = None) -> list[tuple[str, str, str, str]]:
    """The team history as (user, before, after, via), oldest first."""
    with db.across_workspaces() as session:
        rows = session.scalars(
            select(MembershipChangeRow).order_by(MembershipChangeRow.at, MembershipChangeRow.id)
        )
        found = [(r.user_id, r.before, r.after, r.via) for r in rows]
    return [c for c in found if user in (None, c[0])]


def stored_roster(db: Database, fake: FakeSlack, team_pk: int) -> Roster:
    with db.unit_of_work(workspace(fake)) as uow:
        return roster_of(uow, team_pk)


def roster_in_db(db: Database, fake: FakeSlack, channel: str) -> Roster:
    return stored_roster(db, fake, team_in(db, channel).id)


# -- the roster message ---------------------------------------------------------------------
def _date_words(since: Decimal) -> str:
    return in_words(datetime.fromtimestamp(float(since), UTC).date())


def roster_message(fake: FakeSlack, channel: str) -> dict[str, Any]:
    """The one roster message the app posted in ``channel`` (known by its metadata)."""
    found = [
        m
        for m in fake.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == "roster_posted"
    ]
    assert len(found) == 1, f"expected one roster message in {channel}, found {len(found)}"
    return found[0]


def read_roster(message: dict[str, Any]) -> dict[str, Any]:
    """What the roster message says: lead, first follower, and each section's people as
    (user id, since) with the count its title gives."""
    shown: dict[str, Any] = {"lead": None, "first_follower": None}
    sections: dict[str, list[tuple[str, str | None]]] = {}
    counts: dict[str, int] = {}
    current: str | None = None
    for block in message["blocks"]:
        if block["type"] != "section":
            continue
        text: str = block["text"]["text"]
        if text.startswith("*Lead:*"):
            lead_part, _, follower_part = text.partition("*First follower:*")
            [shown["lead"]] = _USER.findall(lead_part)
            followers = _USER.findall(follower_part)
            assert followers or "_not yet_" in follower_part, text
            shown["first_follower"] = followers[0] if followers else None
            continue
        for line in text.split("\n"):
            title = _TITLE.match(line)
            if title:
                current = title.group(1)
                counts[current] = int(title.group(2))
                sections.setdefault(current, [])
            elif line == "_Nobody yet._":
                assert current is not None
            else:
                person = _LINE.match(line)
                assert person is not None, f"unreadable line {line!r}"
                assert current is not None, f"a line before any title: {line!r}"
                sections[current].append((person.group(1), person.group(2)))
    shown["members"] = sections.get("On the team")
    shown["watchers"] = sections.get("Watching")
    shown["counts"] = counts
    return shown


def _expected(lines: tuple[RosterLine, ...]) -> list[tuple[str, str | None]]:
    return [(line.user_id, _date_words(line.since) if line.since else None) for line in lines]


def assert_roster_matches(fake: FakeSlack, db: Database, channel: str) -> Roster:
    """The roster message in the fake Slack's ``channel`` says what the database says:
    the lead, the first follower, and who is on the team and watching, in order, with the
    date each joined. Returns the database's roster."""
    team = team_in(db, channel)
    roster = stored_roster(db, fake, team.id)
    message = roster_message(fake, channel)
    assert message["ts"] == team.roster_ts, (message["ts"], team.roster_ts)
    shown = read_roster(message)
    shown["text"] = message["text"]
    expected = {
        "lead": roster.lead_id,
        "first_follower": roster.first_follower_id,
        "members": _expected(roster.members),
        "watchers": _expected(roster.watchers),
        "counts": {"On the team": len(roster.members), "Watching": len(roster.watchers)},
        "text": f"Team roster: {roster.size} on the team, {len(roster.watchers)} watching",
    }
    assert shown == expected, f"the roster in Slack\n  {shown}\nis not the database's\n  {expected}"
    return roster
