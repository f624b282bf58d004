"""The stands service on a real database: rules enforced, nothing stored on bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from slack_app.domain.errors import InvalidInput, NotFound
from slack_app.domain.people import Person
from slack_app.domain.stands import StandDraft
from slack_app.domain.workspace import Workspace
from slack_app.services.stands import declare_stand, get_stand, record_declaration, stands_of
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
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(StandRow)) or 0)


def test_declaring_stores_the_cleaned_stand(db: Database) -> None:
    stand = declare_stand(db, ACME, author_id="U1", draft=draft(), now=NOW, today=TODAY).stand

    assert stand.situation == "Things work."
    assert stand.workspace == ACME
    assert get_stand(db, ACME, stand.id, author_id="U1") == stand


def test_bad_input_raises_with_every_field_and_stores_nothing(db: Database) -> None:
    with pytest.raises(InvalidInput) as raised:
        declare_stand(
            db,
            ACME,
            author_id="U1",
            draft=draft(going=" ", by_when=TODAY, first_follower_id="U2"),
            now=NOW,
            today=TODAY,
            first_follower=Person("U2", is_bot=True),
        )

    assert set(raised.value.errors) == {"going", "by_when", "first_follower"}
    assert rows(db) == 0


def test_only_the_author_gets_their_stand(db: Database) -> None:
    stand = declare_stand(db, ACME, author_id="U1", draft=draft(), now=NOW, today=TODAY).stand

    with pytest.raises(NotFound):
        get_stand(db, ACME, stand.id, author_id="U2")
    with pytest.raises(NotFound):
        get_stand(db, Workspace("T0OTHER001"), stand.id, author_id="U1")


def test_recording_the_declaration_and_paging(db: Database) -> None:
    first = declare_stand(
        db, ACME, author_id="U1", draft=draft(going="one"), now=NOW, today=TODAY
    ).stand
    later = NOW + timedelta(minutes=1)
    declare_stand(db, ACME, author_id="U1", draft=draft(going="two"), now=later, today=TODAY)

    recorded = record_declaration(db, ACME, first.id, channel_id="C1", ts="123.456")
    page = stands_of(db, ACME, "U1", limit=1)

    assert recorded.is_declared
    assert [s.going for s in page.stands] == ["two"]
    assert page.total == 2
