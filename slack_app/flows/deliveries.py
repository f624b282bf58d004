"""What delivers each kind of Slack effect the outbox holds: one place to see them all.

A deliverer reads what it shows from the store now (the newest state, whatever was true
when the effect was recorded), makes its Slack calls, and raises when Slack refuses; the
dispatcher (``scheduler/dispatcher.py``) decides whether to try again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from slack_sdk import WebClient

from slack_app.domain.outbox import EffectKind
from slack_app.domain.workspace import Workspace
from slack_app.flows.team.channel import deliver_roster
from slack_app.services import Database

Deliver = Callable[[WebClient, Database, Workspace, Mapping[str, int | str]], None]

DELIVERERS: Mapping[EffectKind, Deliver] = {
    EffectKind.REDRAW_ROSTER: deliver_roster,
}
