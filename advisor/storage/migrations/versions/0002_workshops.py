"""0002: workshops, the participants' workspaces and every turn asked in them (DESIGN §13).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("join_code", sa.Text, nullable=False),
        sa.Column("trainer_key_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("closed_at", sa.Text),
        sa.Column("scenarios", sa.Text, nullable=False),
        sa.Column("exercise_store", sa.Text),
        sa.Column("exercise_prompt", sa.Text),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("join_code"),
    )
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False),
        sa.Column("workshop", sa.Text, sa.ForeignKey("workshops.name", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("joined_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("workspace", sa.Text, sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("asked_at", sa.Text, nullable=False),
        sa.Column("store", sa.Text),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_turns_workspace", "turns", ["workspace"])


def downgrade() -> None:
    op.drop_index("ix_turns_workspace", "turns")
    for name in ("turns", "workspaces", "workshops"):
        op.drop_table(name)
