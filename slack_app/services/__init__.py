"""Use cases: plain functions over the database; no Slack here."""
