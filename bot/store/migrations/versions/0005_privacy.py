"""Privacy: the consent record and export time on intakes; summaries and transcripts encrypted.

Rows written before this revision hold plain JSON; they are encrypted here, in batches, with the
current key (so the key file must exist: `intake migrate` creates it first).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store import crypto

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 200
ENCRYPTED_COLUMNS = ("summary", "transcript")


def upgrade() -> None:
    with op.batch_alter_table("intakes") as batch:
        batch.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("notice_version", sa.String(64), nullable=True))
        batch.add_column(sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True))
    _rewrite(
        lambda value, context: value if crypto.is_encrypted(value) else crypto.encrypt(value, context=context)
    )


def downgrade() -> None:
    _rewrite(
        lambda value, context: crypto.decrypt(value, context=context) if crypto.is_encrypted(value) else value
    )
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("exported_at")
        batch.drop_column("notice_version")
        batch.drop_column("consent_at")


def _rewrite(convert) -> None:  # type: ignore[no-untyped-def]
    connection = op.get_bind()
    intakes = sa.table(
        "intakes", sa.column("id", sa.String), *(sa.column(c, sa.Text) for c in ENCRYPTED_COLUMNS)
    )
    last_id = ""
    while True:
        rows = connection.execute(
            sa.select(intakes).where(intakes.c.id > last_id).order_by(intakes.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            values = {c: convert(getattr(row, c), f"intakes.{c}") for c in ENCRYPTED_COLUMNS}
            if any(values[c] != getattr(row, c) for c in ENCRYPTED_COLUMNS):
                connection.execute(sa.update(intakes).where(intakes.c.id == row.id).values(**values))
        last_id = rows[-1].id
