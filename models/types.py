"""Column types that keep two promises the whole product relies on.

* ``UTCDateTime``: every datetime is timezone-aware UTC on the way in and on the
  way out, on SQLite (which has no time zones) and on PostgreSQL alike.
* ``SealedText``: a child's free text and Telegram file ids, and every person's
  name, are encrypted before they reach the database; ``SealedDate`` does the same
  for a date of birth (sealed as its ISO text). The cipher is registered once at start-up by
  ``bot.platform.encryption``; models never import ``bot``, so it is handed in here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Protocol

from cryptography.fernet import InvalidToken
from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class Cipher(Protocol):
    """What a sealed column needs: symmetric encrypt and decrypt of bytes."""

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, token: bytes) -> bytes: ...


_cipher: Cipher | None = None


class SealedValueError(Exception):
    """A sealed value the loaded key cannot open. Its message never holds the value."""


def set_cipher(cipher: Cipher | None) -> None:
    """Register the cipher used by every ``SealedText`` column in this process."""
    global _cipher
    _cipher = cipher


def current_cipher() -> Cipher:
    """The registered cipher; refusing to run without one keeps text sealed."""
    if _cipher is None:
        raise RuntimeError("No data key is loaded: children's answers cannot be read or stored.")
    return _cipher


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive UTC there so comparisons sort correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class SealedText(TypeDecorator[str]):
    """Text encrypted at rest with the registered cipher (Fernet tokens, base64)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_cipher().encrypt(value.encode("utf-8")).decode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return unseal(value)


class SealedDate(TypeDecorator[date]):
    """A date encrypted at rest, as its ISO text (``2012-03-14``): a date of birth.

    Sealed values cannot be compared or sorted in SQL: filter and sort in Python."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise ValueError("a SealedDate column takes a date")
        return current_cipher().encrypt(value.isoformat().encode("ascii")).decode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None:
            return None
        return date.fromisoformat(unseal(value))


class SealedBytes(TypeDecorator[bytes]):
    """Bytes encrypted at rest (a photo or voice note sent on the web chat), kept as
    the Fernet token's text like every other sealed value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_cipher().encrypt(bytes(value)).decode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        try:
            return current_cipher().decrypt(str(value).encode("ascii"))
        except InvalidToken:
            raise SealedValueError("a sealed file cannot be opened with this data key") from None


#: Every column type that keeps its values encrypted (``keys rotate`` re-encrypts them all).
SEALED_TYPES: tuple[type[TypeDecorator[Any]], ...] = (SealedText, SealedDate, SealedBytes)


def unseal(value: Any) -> str:
    """The text of one sealed value; a ``SealedValueError`` (and nothing of the value)
    when the key cannot open it."""
    try:
        return current_cipher().decrypt(str(value).encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise SealedValueError(
            "a sealed value cannot be opened with the data key loaded: check "
            "MYREVIEW_DATA_KEY (the first key encrypts, all decrypt)"
        ) from None
