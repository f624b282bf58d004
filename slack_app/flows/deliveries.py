"""What delivers each kind of Slack effect the outbox holds: one place to see them all.

A deliverer reads what it shows from the store now (the newest state, whatever was true
when the effect was recorded), makes its Slack calls, and raises when Slack refuses; the
dispatcher (``scheduler/dispatcher.py``) decides whether to try again. A post is made
recognisable by its metadata and, when an earlier delivery may have made it, looked for
before it is made again; an edit or a publish may simply be repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from slack_sdk import WebClient

from slack_app.domain.outbox import EffectKind
from slack_app.flows.checkins.redraw import deliver_checkin
from slack_app.flows.decisions.delivery import (
    deliver_request,
    deliver_request_redraw,
    request_given_up,
)
from slack_app.flows.followers.answering import deliver_answer, deliver_ask
from slack_app.flows.home.tab import deliver_home
from slack_app.flows.notices import deliver_tell
from slack_app.flows.pilots.posting import deliver_pilot
from slack_app.flows.stands.declaring import deliver_announcement, deliver_declared_dm
from slack_app.flows.structure.charter_post import deliver_charter
from slack_app.flows.team.channel import deliver_roster
from slack_app.flows.team.forming import deliver_forming, forming_given_up
from slack_app.services import Database
from slack_app.services.outbox import Claimed

# (client, db, the effect as claimed, the time of this attempt) -> True when the deliverer
# settled the effect itself (in the transaction recording what followed from it)
Deliver = Callable[[WebClient, Database, Claimed, datetime], bool | None]

DELIVERERS: Mapping[EffectKind, Deliver] = {
    EffectKind.REDRAW_ROSTER: deliver_roster,
    EffectKind.ANNOUNCE_STAND: deliver_announcement,
    EffectKind.TELL_DECLARED: deliver_declared_dm,
    EffectKind.PUBLISH_HOME: deliver_home,
    EffectKind.REDRAW_CHARTER: deliver_charter,
    EffectKind.REDRAW_CHECKIN: deliver_checkin,
    EffectKind.SEND_ASK: deliver_ask,
    EffectKind.TELL_ANSWER: deliver_answer,
    EffectKind.TELL: deliver_tell,
    EffectKind.REDRAW_PILOT: deliver_pilot,
    EffectKind.SEND_REQUEST: deliver_request,
    EffectKind.REDRAW_REQUEST: deliver_request_redraw,
    EffectKind.FORM_TEAM: deliver_forming,
}

# (db, the effect given up, why, the time) -> records who is told, where it matters: the
# person who is waiting for the effect to happen and would otherwise wait forever
GiveUp = Callable[[Database, Claimed, str, datetime], None]

GIVEN_UP: Mapping[EffectKind, GiveUp] = {
    EffectKind.FORM_TEAM: forming_given_up,
    EffectKind.SEND_REQUEST: request_given_up,
}
