"""Seal every person's name and date of birth, like a child's words

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00.000000

``person.name`` and ``person.dob`` become ``SealedText`` and ``SealedDate`` (Fernet
tokens in a text column; a date as its ISO text). Existing rows are sealed with the
data key that encrypts (``myreview db upgrade`` has loaded and checked it); the
downgrade opens them again. On SQLite the table is rebuilt, which ``myreview db
upgrade`` does with foreign keys off for the migration and checked after it, as
SQLite's documentation asks (bot/platform/db.py).
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rows as text, whatever the column's type, so the values are sealed by hand here.
person = sa.table(
    "person",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.Text()),
    sa.column("dob", sa.Text()),
    sa.column("dob_plain", sa.Date()),
)
BATCH = 500


def _rewrite(change, dob_into: str) -> None:
    """Every person's (name, dob) through ``change``, a batch at a time; the new dob
    goes into the column ``dob_into``."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(person.c.id, person.c.name, person.c.dob)).all()
    statement = (
        person.update()
        .where(person.c.id == sa.bindparam("row_id"))
        .values({"name": sa.bindparam("new_name"), dob_into: sa.bindparam("new_dob")})
    )
    for start in range(0, len(rows), BATCH):
        values = []
        for row_id, name, dob in rows[start : start + BATCH]:
            new_name, new_dob = change(name, dob)
            values.append({"row_id": row_id, "new_name": new_name, "new_dob": new_dob})
        connection.execute(statement, values)


def _seal(value: str) -> str:
    return models.types.current_cipher().encrypt(value.encode("utf-8")).decode("ascii")


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column(
            "name",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
            type_=models.types.SealedText(),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "dob",
            existing_type=sa.Date(),
            type_=models.types.SealedDate(),
            existing_nullable=True,
            postgresql_using="dob::text",
        )

    def seal(name, dob):
        # A date read as text is ISO on both databases ("2012-03-14").
        return _seal(name), (_seal(date.fromisoformat(str(dob)).isoformat()) if dob else None)

    _rewrite(seal, "dob")


def downgrade() -> None:
    # The dates go back into a new DATE column: a cast from text to DATE on SQLite
    # would keep only the year ("2012-03-14" has NUMERIC affinity there).
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dob_plain", sa.Date(), nullable=True))

    def unseal(name, dob):
        opened = date.fromisoformat(models.types.unseal(dob)) if dob else None
        return models.types.unseal(name), opened

    _rewrite(unseal, "dob_plain")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("dob")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("dob_plain", new_column_name="dob")
        batch_op.alter_column(
            "name",
            existing_type=models.types.SealedText(),
            type_=sqlmodel.sql.sqltypes.AutoString(length=200),
            existing_nullable=False,
        )
