"""F5, the structure: milestones, deliverables, roles, funding and approvals, and the charter."""
