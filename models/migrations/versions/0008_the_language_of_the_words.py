"""The language a child's words are in, and whether the safety check could read them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_in", sa.String(length=24), nullable=True))
        batch_op.add_column(
            sa.Column("unchecked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_in", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("written_in")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_column("unchecked")
        batch_op.drop_column("written_in")
