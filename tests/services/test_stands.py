"""The stands service on a real database: rules enforced, nothing stored on bad input."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.people import Person
from slack_app.domain.stands import Stand, StandDraft
from slack_app.domain.workspace import Workspace
from slack_app.services.stands import (
    CLAIM_TIMEOUT,
    claim_declaration,
    declare_stand,
    get_stand,
    record_declaration,
    stands_of,
)
from slack_app.store.database import Database
from slack_app.store.models import StandRow
from tests.support.clock import EPOCH
from tests.support.factories import a_draft

ACME = Workspace("T0ACME0001")
NOW = EPOCH
TODAY = NOW.date()


def draft(**changes: object) -> StandDraft:
    return a_draft(**{"situation": " Things work. ", **changes})


def rows(db: Database) -> int:
    with db.across_workspaces() as session:
        return int(session.scalar(select(func.count()).select_from(StandRow)) or 0)


def declare(db: Database, **changes: object) -> Stand:
    now = changes.pop("now", NOW)
    assert isinstance(now, datetime)
    with db.unit_of_work(ACME) as uow:
        return declare_stand(
            uow, author_id="U1", draft=draft(**changes), now=now, today=TODAY
        ).stand


def test_declaring_stores_the_cleaned_stand(db: Database) -> None:
    stand = declare(db)

    assert stand.situation == "Things work."
    assert stand.workspace == ACME
    with db.unit_of_work(ACME) as uow:
        assert get_stand(uow, stand.id, author_id="U1") == stand


def test_bad_input_raises_with_every_field_and_stores_nothing(db: Database) -> None:
    with pytest.raises(InvalidInput) as raised, db.unit_of_work(ACME) as uow:
        declare_stand(
            uow,
            author_id="U1",
            draft=draft(going=" ", by_when=TODAY, first_follower_id="U2"),
            now=NOW,
            today=TODAY,
            first_follower=Person("U2", is_bot=True),
        )

    assert set(raised.value.errors) == {"going", "by_when", "first_follower"}
    assert rows(db) == 0


def test_only_the_author_gets_their_stand(db: Database) -> None:
    stand = declare(db)

    with pytest.raises(NotFound), db.unit_of_work(ACME) as uow:
        get_stand(uow, stand.id, author_id="U2")
    with pytest.raises(NotFound), db.unit_of_work(Workspace("T0OTHER001")) as uow:
        get_stand(uow, stand.id, author_id="U1")


def test_recording_the_declaration_and_paging(db: Database) -> None:
    first = declare(db, going="one")
    declare(db, going="two", now=NOW + timedelta(minutes=1))

    with db.unit_of_work(ACME) as uow:
        recorded = record_declaration(uow, first.id, channel_id="C1", ts="123.456")
        page = stands_of(uow, "U1", limit=1)

    assert recorded.is_declared
    assert [s.going for s in page.stands] == ["two"]
    assert page.total == 2


def test_a_stand_with_a_channel_is_stored_claimed_for_posting(db: Database) -> None:
    """The request that stores it posts it: a second press finds the claim taken."""
    stand = declare(db, channel_id="C1")
    with db.unit_of_work(ACME) as uow:
        assert not claim_declaration(uow, stand.id, now=NOW)
        assert claim_declaration(uow, stand.id, now=NOW + CLAIM_TIMEOUT + timedelta(seconds=1))
