"""Every kind of thing the decision mechanism decides, by the name stored with a request."""

from __future__ import annotations

from slack_app.services.approvals import ApprovalSubject
from slack_app.services.decisions import Subject
from slack_app.services.pilot_reads import PILOT
from slack_app.services.pilots import PilotSubject
from slack_app.services.structure_reads import APPROVAL

SUBJECTS: dict[str, Subject] = {PILOT: PilotSubject(), APPROVAL: ApprovalSubject()}
