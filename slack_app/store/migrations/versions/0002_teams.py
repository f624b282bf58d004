"""teams: first follower asks, teams, people, membership changes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:12:48.499191
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from slack_app.store.models import UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stands") as batch_op:
        batch_op.add_column(sa.Column("forming_since", UtcDateTime(), nullable=True))
    op.create_table(
        "first_follower_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stand_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("asked_at", UtcDateTime(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_at", UtcDateTime(), nullable=True),
        sa.Column("dm_channel_id", sa.String(length=32), nullable=True),
        sa.Column("dm_ts", sa.String(length=32), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["stand_id"],
            ["stands.id"],
            name=op.f("fk_first_follower_asks_stand_id_stands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_first_follower_asks")),
        sa.UniqueConstraint("stand_id", "user_id", name=op.f("uq_first_follower_asks_stand_id")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stand_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column("linked", sa.Boolean(), nullable=False),
        sa.Column("vision_ts", sa.String(length=32), nullable=True),
        sa.Column("roster_ts", sa.String(length=32), nullable=True),
        sa.Column("formed_at", UtcDateTime(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["stand_id"], ["stands.id"], name=op.f("fk_teams_stand_id_stands"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("stand_id", name=op.f("uq_teams_stand_id")),
        sa.UniqueConstraint("team_id", "channel_id", name="uq_teams_channel"),
    )

    op.create_table(
        "membership_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_pk", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("before", sa.String(length=16), nullable=False),
        sa.Column("after", sa.String(length=16), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("at", sa.Numeric(precision=17, scale=6), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_pk"],
            ["teams.id"],
            name=op.f("fk_membership_changes_team_pk_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_changes")),
    )
    with op.batch_alter_table("membership_changes", schema=None) as batch_op:
        batch_op.create_index("ix_membership_changes_team", ["team_pk", "at"], unique=False)

    op.create_table(
        "team_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_pk", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("reaction_on", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("reaction_off", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("button_on", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("button_off", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("founder_on", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("founder_off", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("channel_on", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("channel_off", sa.Numeric(precision=17, scale=6), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_pk"], ["teams.id"], name=op.f("fk_team_people_team_pk_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_people")),
        sa.UniqueConstraint("team_pk", "user_id", name=op.f("uq_team_people_team_pk")),
    )


def downgrade() -> None:
    with op.batch_alter_table("stands") as batch_op:
        batch_op.drop_column("forming_since")
    op.drop_table("team_people")
    with op.batch_alter_table("membership_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_membership_changes_team")

    op.drop_table("membership_changes")

    op.drop_table("teams")
    op.drop_table("first_follower_asks")
