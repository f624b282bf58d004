"""Names the structure's services share."""

from __future__ import annotations

APPROVAL = "approval"  # the subject of necessary approvals in decisions and the audit trail
