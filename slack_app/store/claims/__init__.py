"""The scheduler's claims: the one place in the store that reads and writes across
workspaces.

Everything else in the store serves one workspace, in its unit of work, whose session adds
``team_id`` to every statement. The functions here take a session opened explicitly across
workspaces (``Database.across_workspaces``) and hand back, with each row they claim or
read, the row's own workspace: whatever is then done about it runs in a unit of work of
that workspace. A test (``tests/store/test_claims_only.py``) keeps it the only place.
"""
