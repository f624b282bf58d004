"""Every change to a posted roster is drawn: its redraw is recorded with the change, even
when the change was decided on a read of the team from before the roster was posted."""

from __future__ import annotations

from sqlalchemy import select

from slack_app.domain.outbox import EffectKind
from slack_app.domain.team import Action, Signal, slack_time_of
from slack_app.services.team import apply_team_action, record_posts, roster_of
from slack_app.store.database import Database
from slack_app.store.models import EffectRow
from tests.services.test_team_property import ACME, ANA, FORMED, a_team


def redraws(db: Database) -> list[dict[str, int | str]]:
    with db.engine.connect() as connection:
        query = select(EffectRow.payload).where(EffectRow.kind == EffectKind.REDRAW_ROSTER)
        return list(connection.scalars(query))


ANA_JOINS = Action(ANA, Signal.CHANNEL, on=True, at=slack_time_of(FORMED))


def test_a_change_decided_before_the_roster_was_posted_is_still_drawn(db: Database) -> None:
    team = a_team(db)  # read before its roster is posted, as a join read it before asking Slack
    assert team.roster_ts is None
    with db.unit_of_work(ACME) as uow:
        drawn = roster_of(uow, team.id)
        record_posts(uow, team.id, roster_ts="1.000100", drawn=drawn, now=FORMED)
    assert redraws(db) == [], "nothing moved since the roster was drawn"

    with db.unit_of_work(ACME) as uow:
        applied = apply_team_action(uow, team, ANA_JOINS, FORMED)

    assert applied.change is not None
    assert redraws(db) == [{"team_id": team.id}]


def test_a_roster_that_moved_while_it_was_posted_is_drawn_again(db: Database) -> None:
    team = a_team(db)
    with db.unit_of_work(ACME) as uow:
        drawn = roster_of(uow, team.id)
    with db.unit_of_work(ACME) as uow:  # someone joins before the roster's ts is recorded
        apply_team_action(uow, team, ANA_JOINS, FORMED)
    assert redraws(db) == [], "no roster to redraw yet"

    with db.unit_of_work(ACME) as uow:
        record_posts(uow, team.id, roster_ts="1.000100", drawn=drawn, now=FORMED)

    assert redraws(db) == [{"team_id": team.id}]
