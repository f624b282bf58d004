"""The decision mechanism: only the decider, once, on the version they were shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from slack_app.domain.decisions import (
    NOTE_LIMIT,
    Decision,
    NoteRequired,
    StaleRequest,
    Verdict,
    add_working_days,
    decide,
    reminder_due,
)
from slack_app.domain.errors import AlreadyDone, DomainError, NotAllowed
from tests.support.clock import EPOCH

SPONSOR, PROPOSER = "U0BOSS0001", "U0ALICE001"
ASKED = EPOCH
NOW = ASKED + timedelta(hours=23, minutes=30)


def request(**changes: object) -> Decision:
    values: dict[str, object] = {
        "id": 1,
        "subject": "pilot",
        "subject_id": 7,
        "decider_id": SPONSOR,
        "version": 2,
        "requested_at": ASKED,
    }
    values.update(changes)
    return Decision(**values)  # type: ignore[arg-type]


def test_the_decider_approves_without_a_note() -> None:
    decided = decide(
        request(), actor_id=SPONSOR, verdict=Verdict.APPROVE, note=None, current_version=2, now=NOW
    )

    assert (decided.verdict, decided.note, decided.decided_at) == (Verdict.APPROVE, None, NOW)
    assert not decided.pending
    assert request().pending


@pytest.mark.parametrize("verdict", [Verdict.REQUEST_CHANGES, Verdict.DECLINE])
def test_changes_and_declines_keep_their_trimmed_note(verdict: Verdict) -> None:
    decided = decide(
        request(),
        actor_id=SPONSOR,
        verdict=verdict,
        note="  Smaller scope.  ",
        current_version=2,
        now=NOW,
    )
    assert (decided.verdict, decided.note) == (verdict, "Smaller scope.")


@pytest.mark.parametrize("verdict", [Verdict.REQUEST_CHANGES, Verdict.DECLINE])
@pytest.mark.parametrize("note", [None, "", "   \n"])
def test_changes_and_declines_need_a_note(verdict: Verdict, note: str | None) -> None:
    with pytest.raises(NoteRequired):
        decide(request(), actor_id=SPONSOR, verdict=verdict, note=note, current_version=2, now=NOW)


def test_a_note_has_a_limit() -> None:
    with pytest.raises(NoteRequired, match=str(NOTE_LIMIT)):
        decide(
            request(),
            actor_id=SPONSOR,
            verdict=Verdict.DECLINE,
            note="x" * (NOTE_LIMIT + 1),
            current_version=2,
            now=NOW,
        )


@pytest.mark.parametrize("actor", [PROPOSER, "U0STRANGER", ""])
def test_only_the_named_decider_decides(actor: str) -> None:
    with pytest.raises(NotAllowed, match=f"<@{SPONSOR}>"):
        decide(
            request(),
            actor_id=actor,
            verdict=Verdict.APPROVE,
            note=None,
            current_version=2,
            now=NOW,
        )


@pytest.mark.parametrize("verdict", list(Verdict))
def test_a_decision_is_made_once(verdict: Verdict) -> None:
    done = request(verdict=Verdict.APPROVE, decided_at=NOW)

    with pytest.raises(AlreadyDone, match="already approved"):
        decide(done, actor_id=SPONSOR, verdict=verdict, note="n", current_version=2, now=NOW)


@pytest.mark.parametrize("current", [1, 3])
def test_a_request_for_another_version_is_stale(current: int) -> None:
    with pytest.raises(StaleRequest, match="latest version"):
        decide(
            request(),
            actor_id=SPONSOR,
            verdict=Verdict.APPROVE,
            note=None,
            current_version=current,
            now=NOW,
        )


def test_a_withdrawn_subject_cannot_be_decided() -> None:
    with pytest.raises(StaleRequest, match="withdrawn"):
        decide(
            request(),
            actor_id=SPONSOR,
            verdict=Verdict.APPROVE,
            note=None,
            current_version=None,
            now=NOW,
        )


def test_who_is_checked_before_anything_else() -> None:
    done = request(verdict=Verdict.DECLINE, decided_at=NOW)
    with pytest.raises(NotAllowed):
        decide(
            done,
            actor_id=PROPOSER,
            verdict=Verdict.APPROVE,
            note=None,
            current_version=None,
            now=NOW,
        )


def test_every_refusal_is_a_domain_error_with_a_sentence() -> None:
    for error in (NotAllowed, AlreadyDone, StaleRequest, NoteRequired):
        assert issubclass(error, DomainError)


# -- when a reminder is due: calendar tests, with pinned dates and what they must give --------
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # asked on a Wednesday morning


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (date(2026, 11, 25), 3, date(2026, 11, 30)),  # Wed + 3 working days = Mon
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Fri + 1 = Mon
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Sat + 1 = Mon
        (date(2026, 11, 23), 3, date(2026, 11, 26)),  # Mon + 3 = Thu
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_working_days_skip_weekends(day: date, days: int, expected: date) -> None:
    assert add_working_days(day, days) == expected


def test_the_reminder_is_due_at_the_start_of_the_third_working_day_in_the_deciders_zone() -> None:
    due = reminder_due(WEDNESDAY, "America/New_York")

    assert due.isoformat() == "2026-11-30T09:00:00-05:00"


def test_the_reminder_uses_the_deciders_own_date() -> None:
    # 23:30 UTC on Thursday is already Friday in Tokyo, still Thursday in Los Angeles.
    late_thursday = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert reminder_due(late_thursday, "Asia/Tokyo").date() == date(2026, 12, 2)
    assert reminder_due(late_thursday, "America/Los_Angeles").date() == date(2026, 12, 1)


def test_an_unknown_zone_falls_back_to_utc() -> None:
    assert reminder_due(WEDNESDAY, "Not/AZone").isoformat() == "2026-11-30T09:00:00+00:00"
