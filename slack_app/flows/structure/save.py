"""A structure form's submission: check who and what before the ack (errors inline, nothing
stored), then store it with what it shows in Slack (people told, an approval put to its
approver), and close."""

from __future__ import annotations

from typing import Any

from slack_app.domain.people import Person
from slack_app.domain.structure import Kind
from slack_app.flows.request import Request, refused_on
from slack_app.flows.structure.changes import effects_of
from slack_app.flows.structure.drafts import parse_draft, people_named
from slack_app.flows.structure.forms import form_target
from slack_app.services.pilot_access import ensure_seen
from slack_app.services.structure import save_item

# The first input of each form: where a refusal that is about no one field is shown.
FIRST_FIELD = {
    Kind.MILESTONE: "title",
    Kind.DELIVERABLE: "title",
    Kind.ROLE: "person",
    Kind.FUNDING: "source",
    Kind.APPROVAL: "what",
}
PERSON_FIELD = {
    Kind.MILESTONE: "owner",
    Kind.DELIVERABLE: "owner",
    Kind.ROLE: "person",
    Kind.FUNDING: "committed_by",
    Kind.APPROVAL: "approver",
}


def handle_structure_item(req: Request, view: dict[str, Any]) -> None:
    """A forged form is refused on its first input (by the guard), a person Slack cannot
    check on their field, a broken rule on its own field or the form's first."""
    pilot_id, kind, item_id = form_target(view)
    draft = parse_draft(kind, view)
    actor = req.user_id
    req.check_first(lambda uow: ensure_seen(uow, pilot_id, actor))
    people = req.people(sorted(people_named(draft)), field=PERSON_FIELD[kind])
    now = req.now()
    with refused_on(FIRST_FIELD[kind]):
        changed = save_item(
            req.uow,
            pilot_id=pilot_id,
            kind=kind,
            item_id=item_id,
            draft=draft,
            actor=Person(req.user_id),
            people=people,
            now=now,
        )
    req.uow.record(effects_of(changed), now=now)
    req.stored()
