"""How each kind of decided thing shows in Slack, by the name stored with a request."""

from __future__ import annotations

from slack_app.flows.decisions.requests import Presenter
from slack_app.flows.pilots.decided import PilotPresenter
from slack_app.flows.structure.approvals import ApprovalPresenter
from slack_app.services.pilot_reads import PILOT
from slack_app.services.structure_reads import APPROVAL

PRESENTERS: dict[str, Presenter] = {PILOT: PilotPresenter(), APPROVAL: ApprovalPresenter()}
