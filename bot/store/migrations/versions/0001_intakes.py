"""The intakes table.

Column types are spelled out here rather than imported from bot.store.models, so this
revision keeps creating the same table whatever the models become.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_intakes"),
    )
    op.create_index("ix_intakes_conversation_id", "intakes", ["conversation_id"], unique=True)
    op.create_index("ix_intakes_status", "intakes", ["status"])
    op.create_index("ix_intakes_urgent", "intakes", ["urgent"])


def downgrade() -> None:
    op.drop_index("ix_intakes_urgent", table_name="intakes")
    op.drop_index("ix_intakes_status", table_name="intakes")
    op.drop_index("ix_intakes_conversation_id", table_name="intakes")
    op.drop_table("intakes")
