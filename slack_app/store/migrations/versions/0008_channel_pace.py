"""channel pace

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from slack_app.store.models import UtcDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_pace",
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("next_at", UtcDateTime(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name="pk_channel_pace"),
    )


def downgrade() -> None:
    op.drop_table("channel_pace")
