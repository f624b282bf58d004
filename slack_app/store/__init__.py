"""Storage: SQLAlchemy models, repositories scoped to a workspace, sessions, migrations."""
