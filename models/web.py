"""The web chat's own rows: a child's web account, their sessions, the chat they
read, and the files they sent (``bot/web``, docs/web.md).

A child's answers are the same ``Answer`` rows as in Telegram; these tables hold
only what a browser needs that Telegram keeps for itself: who is signed in, the
messages of the chat, and the photos and voice notes (sealed, like every word a
child writes).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.types import SealedBytes, SealedText, UTCDateTime


class WebAccount(SQLModel, table=True):
    """A child's web chat: their secret word (an argon2 hash), and the phone they use."""

    __tablename__ = "web_account"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    secret_hash: str | None = Field(default=None, max_length=200)
    # The "remember this phone" cookie's SHA-256: it names the account, never signs in.
    device_hash: str | None = Field(default=None, max_length=64, index=True)
    failed_tries: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """One signed-in browser. Only the cookie's SHA-256 is kept."""

    __tablename__ = "web_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    csrf: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebMessage(SQLModel, table=True):
    """One bubble of a child's web chat: the bot's (text and buttons, as the core sent
    them) or the child's own. Sealed: they hold the child's words."""

    __tablename__ = "web_message"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    from_person: bool = False
    text: str = Field(default="", sa_type=SealedText)
    # [[label, data], ...] rows, sealed: a label can hold the child's words.
    buttons: str | None = Field(default=None, sa_type=SealedText)
    file_id: str | None = Field(default=None, max_length=40)
    file_kind: str | None = Field(default=None, max_length=10)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)


class WebFile(SQLModel, table=True):
    """A photo or voice note sent on the web chat, or a file for the child (``/mydata``).

    Answers refer to it as ``web:<id>``, where a Telegram answer has Telegram's file id."""

    __tablename__ = "web_file"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=10)  # photo | voice | document
    media_type: str = Field(max_length=80)
    name: str = Field(default="", sa_type=SealedText)
    content: bytes = Field(sa_type=SealedBytes)
    size: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)
    meta: dict[str, object] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
