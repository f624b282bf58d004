"""After a change to the structure: what people are told of it, an approval put to its
approver and the requests it overtook retired, all recorded with the change for the outbox.
The notices are drawn from the change's own snapshot: the pilot is not loaded again."""

from __future__ import annotations

from slack_app.domain.outbox import Effect, tell
from slack_app.domain.structure import Deliverable, Milestone
from slack_app.flows.checkins.messages import small_win
from slack_app.flows.structure.approvals import requests_of
from slack_app.flows.structure.messages import what_they_own
from slack_app.services.structure import Changed


def effects_of(changed: Changed) -> list[Effect]:
    """What a change shows in Slack, recorded with it: its notices, and its requests."""
    return [*notices(changed), *requests_of(changed)]


def notices(changed: Changed) -> list[Effect]:
    """What people are told of a change: new owners what they own, and the pilot channel a
    small win when it finished something."""
    told = [tell(user_id, what_they_own(changed)) for user_id in changed.assigned]
    item, team = changed.item, changed.snapshot.view.team
    if changed.finished and team is not None and isinstance(item, Milestone | Deliverable):
        text = small_win(item.title, item.owner_id, milestone=isinstance(item, Milestone))
        told.append(tell(team.channel_id, text))
    return told
