"""Use cases: plain functions that take a unit of work first; no Slack here.

``UnitOfWork`` and ``Database`` are named here so that flows hold them without importing
the store.
"""

from slack_app.store.database import Database
from slack_app.store.unit_of_work import AlreadySubmitted, UnitOfWork

__all__ = ["AlreadySubmitted", "Database", "UnitOfWork"]
