"""Decisions: a request sent to a decider (a sponsor approving a pilot, an approver signing
off an approval), their answer by button, with a note when they ask for changes or decline,
and the reminder when they have not answered."""
