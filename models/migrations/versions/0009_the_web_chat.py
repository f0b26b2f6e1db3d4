"""The web chat: a child's account, sessions, chat and files; where each answer came from

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("web_since", models.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("invite", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="telegram",
            )
        )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="telegram",
            )
        )
    op.create_table(
        "web_account",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("device_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("failed_tries", sa.Integer(), nullable=False),
        sa.Column("locked_until", models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_index(
        op.f("ix_web_account_device_hash"), "web_account", ["device_hash"], unique=False
    )
    op.create_table(
        "web_session",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index(op.f("ix_web_session_person_id"), "web_session", ["person_id"], unique=False)
    op.create_table(
        "web_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("from_person", sa.Boolean(), nullable=False),
        sa.Column("text", models.types.SealedText(), nullable=False),
        sa.Column("buttons", models.types.SealedText(), nullable=True),
        sa.Column("file_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("file_kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_web_message_person_id"), "web_message", ["person_id"], unique=False)
    op.create_index(op.f("ix_web_message_created_at"), "web_message", ["created_at"], unique=False)
    op.create_table(
        "web_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", models.types.SealedText(), nullable=False),
        sa.Column("content", models.types.SealedBytes(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_web_file_person_id"), "web_file", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_web_file_person_id"), table_name="web_file")
    op.drop_table("web_file")
    op.drop_index(op.f("ix_web_message_created_at"), table_name="web_message")
    op.drop_index(op.f("ix_web_message_person_id"), table_name="web_message")
    op.drop_table("web_message")
    op.drop_index(op.f("ix_web_session_person_id"), table_name="web_session")
    op.drop_table("web_session")
    op.drop_index(op.f("ix_web_account_device_hash"), table_name="web_account")
    op.drop_table("web_account")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("invite", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("web_since")
