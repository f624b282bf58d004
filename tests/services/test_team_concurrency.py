"""Several instances applying one person's actions at the same moment lose none of them."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from slack_app.domain.team import Action, Person, Signal, slack_time_of
from slack_app.store.database import Database
from slack_app.store.teams import TeamRepository
from tests.services.test_team_property import ACME, ANA, FORMED, a_team, apply


def test_concurrent_actions_on_one_person_are_all_kept(db: Database) -> None:
    team = a_team(db)
    base = slack_time_of(FORMED + timedelta(minutes=1))
    rng = random.Random(7)
    actions = [
        Action(ANA, rng.choice(list(Signal)), on=rng.random() < 0.5, at=base + n)
        for n in range(300)
    ]
    rng.shuffle(actions)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda action: apply(db, team, action), actions))

    expected = Person(ANA)
    for action in actions:
        expected = expected.apply(action)
    with db.unit_of_work(ACME) as uow:
        people = TeamRepository(uow).people(team.id)
    [stored] = [p for p in people if p.user_id == ANA]
    # Without the row lock, a transaction writes back a stale read and a switch is lost.
    assert stored.switches == expected.switches
