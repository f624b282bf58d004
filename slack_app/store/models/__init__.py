"""SQLAlchemy 2 typed models, one module per subject. Every workspace-owned table shares
``WorkspaceScoped`` (team_id, enterprise_id); the unit of work scopes queries by it."""

from slack_app.store.models.base import Base, SlackTime, UtcDateTime, WorkspaceScoped, status
from slack_app.store.models.checkins import CheckinAnswerRow, CheckinRow, CheckinScheduleRow
from slack_app.store.models.departures import DepartureRow
from slack_app.store.models.events import ProcessedEventRow
from slack_app.store.models.installations import (
    BOTS,
    INSTALLATIONS,
    OAUTH_STATES,
    bots,
    installations,
    oauth_states,
)
from slack_app.store.models.outbox import EffectRow
from slack_app.store.models.pace import ChannelPaceRow
from slack_app.store.models.pilots import AuditRow, DecisionRow, PilotRow
from slack_app.store.models.stands import FirstFollowerAskRow, StandRow
from slack_app.store.models.structure import (
    ApprovalRow,
    DeliverableRow,
    FundingRow,
    MilestoneRow,
    RoleRow,
    StructureItem,
)
from slack_app.store.models.teams import MembershipChangeRow, TeamPersonRow, TeamRow

__all__ = [
    "BOTS",
    "INSTALLATIONS",
    "OAUTH_STATES",
    "ApprovalRow",
    "AuditRow",
    "Base",
    "ChannelPaceRow",
    "CheckinAnswerRow",
    "CheckinRow",
    "CheckinScheduleRow",
    "DecisionRow",
    "DeliverableRow",
    "DepartureRow",
    "EffectRow",
    "FirstFollowerAskRow",
    "FundingRow",
    "MembershipChangeRow",
    "MilestoneRow",
    "PilotRow",
    "ProcessedEventRow",
    "RoleRow",
    "SlackTime",
    "StandRow",
    "StructureItem",
    "TeamPersonRow",
    "TeamRow",
    "UtcDateTime",
    "WorkspaceScoped",
    "bots",
    "installations",
    "oauth_states",
    "status",
]
