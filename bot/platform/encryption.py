"""Encryption at rest for children's words and file ids (Fernet, MultiFernet).

``MYREVIEW_DATA_KEY`` holds one or more Fernet keys separated by commas; the
first encrypts, all of them decrypt, so a key can be rotated without downtime.
For the embedded SQLite default with no key set, a key file is created beside
the database (mode 0600) and a warning is logged: fine for a demo or a pilot,
not for production, where the key belongs in a secret store. A key file is never
created beside a database that already holds sealed data: a fresh key could not
read it, so the missing file is reported instead.

**The key is checked before anything is read or written.** The ``setting`` row
``data_key_check`` holds a Fernet token of a known constant, sealed with the key
that encrypts. ``check_data_key`` opens it at start (``open_runtime``: the bot,
every command, the dispatcher pass, the demo) and refuses with one line if no key
given can; ``myreview keys rotate`` re-seals it with the first key. A database from
before the check (sealed rows, no check value) is checked against one of its sealed
values instead, and then given its check value.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Column, Connection, String, Table, Text, inspect, select, type_coerce
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel

from bot.platform.db import Database
from bot.platform.settings import Settings
from models import Setting
from models.types import SEALED_TYPES

log = logging.getLogger(__name__)


class DataKeyError(Exception):
    """The data key is missing, malformed, or cannot read this database's data."""


#: The ``setting`` row that holds the check value.
DATA_KEY_CHECK = "data_key_check"
#: What the check value seals: nobody's data, so it can be opened to test a key.
CHECK_PLAINTEXT = b"My Review: this database's data key"
#: Every refusal ends with what to do about it.
HINT = "(check the key; the first key encrypts, all decrypt)"
# Every Fernet token starts so (version byte 0x80 and a 64-bit timestamp, base64):
# how a sealed value is told from plain text written before its column was sealed.
_TOKEN_PREFIX = "gAAAAA"


def parse_keys(raw: str) -> MultiFernet:
    """Build a MultiFernet from comma-separated keys, newest first."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise DataKeyError("MYREVIEW_DATA_KEY is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise DataKeyError(
            "MYREVIEW_DATA_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated"
        ) from exc


def key_file_for(database: Path) -> Path:
    """Where the embedded default keeps its key: beside the database file."""
    return database.with_name(database.name + ".key")


def key_source(settings: Settings) -> str:
    """Where this deployment's key comes from, as an operator names it."""
    if settings.data_key is not None or settings.sqlite_path is None:
        return "MYREVIEW_DATA_KEY"
    return f"the key file {key_file_for(settings.sqlite_path)}"


def load_cipher(settings: Settings) -> MultiFernet:
    """The cipher for this deployment, creating the embedded key file if needed (and
    refusing to, beside a database that already holds sealed data)."""
    if settings.data_key is not None:
        return parse_keys(settings.data_key.get_secret_value())
    database = settings.sqlite_path
    if database is None:
        raise DataKeyError(
            "MYREVIEW_DATA_KEY is not set. Production databases need a key: "
            "create one with `myreview keys new` and keep it in your secret store."
        )
    key_file = key_file_for(database)
    if not key_file.exists():
        if _holds_sealed_data_file(database):
            raise DataKeyError(
                f"the key file {key_file} is missing, and {database} already holds data "
                "sealed with a key: restore the key file from your backup (or set "
                "MYREVIEW_DATA_KEY); a new key would not read it"
            )
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
        log.warning(
            "MYREVIEW_DATA_KEY is not set: created key file %s (mode 0600). "
            "Back it up: without it the stored answers cannot be read.",
            key_file,
        )
    else:
        log.info("MYREVIEW_DATA_KEY is not set: using key file %s", key_file)
    return parse_keys(key_file.read_text())


# --- the check value ----------------------------------------------------------------


def sealed_columns() -> Iterator[tuple[Table, Column]]:  # type: ignore[type-arg]
    """Every column that holds encrypted text, found from the models themselves."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, SEALED_TYPES):
                yield table, column


def _sealed_sample(connection: Connection) -> tuple[str, str] | None:
    """One sealed value in the database as it is now: ("table.column", token), or None.

    Only columns the database keeps as text are looked in, and only values shaped
    like a Fernet token, so a column sealed by a migration not yet run (its values
    still plain) is never mistaken for data under a wrong key.
    """
    found = inspect(connection)
    tables = set(found.get_table_names())
    for table, column in sealed_columns():
        if table.name not in tables:
            continue
        kinds = {c["name"]: c["type"] for c in found.get_columns(table.name)}
        if not isinstance(kinds.get(column.name), String | Text):
            continue
        raw = type_coerce(column, Text)
        token = connection.execute(
            select(raw).where(raw.like(_TOKEN_PREFIX + "%")).limit(1)
        ).scalar()
        if token is not None:
            return f"{table.name}.{column.name}", str(token)
    return None


def _stored_check(connection: Connection) -> str | None:
    if not inspect(connection).has_table(Setting.__tablename__):
        return None
    table = Setting.__table__  # type: ignore[attr-defined]
    return connection.execute(select(table.c.value).where(table.c.key == DATA_KEY_CHECK)).scalar()


def _opens(cipher: MultiFernet, token: str) -> bytes | None:
    try:
        return cipher.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return None


def holds_sealed_data(db: Database) -> bool:
    """Whether anything in the database was sealed with a key (the check value too)."""
    with db.engine.connect() as connection:
        return _stored_check(connection) is not None or _sealed_sample(connection) is not None


def _holds_sealed_data_file(database: Path) -> bool:
    """``holds_sealed_data`` for a SQLite file that may not exist yet (never creating it)."""
    if not database.is_file() or database.stat().st_size == 0:
        return False
    db = Database(f"sqlite:///{database}")
    try:
        return holds_sealed_data(db)
    finally:
        db.dispose()


def check_data_key(db: Database, cipher: MultiFernet, source: str = "MYREVIEW_DATA_KEY") -> None:
    """Refuse, with one line, a key that cannot read this database's data.

    Opens the check value; with none yet, one sealed value instead, then writes the
    check value (sealed with the first key). A database with no tables yet has
    nothing to check: ``myreview db upgrade`` writes the value once it has them.
    Cheap enough for a health check: one row read, nothing written once the value is there.
    """
    refused = f"{source} cannot read this database's data"
    with db.engine.begin() as connection:
        token = _stored_check(connection)
        if token is not None:
            if _opens(cipher, token) != CHECK_PLAINTEXT:
                raise DataKeyError(
                    f"{refused}: none of its keys opens the check value stored with it {HINT}"
                )
            return
        sample = _sealed_sample(connection)
        if sample is not None and _opens(cipher, sample[1]) is None:
            raise DataKeyError(
                f"{refused}: none of its keys opens the values in {sample[0]} {HINT}"
            )
        if not inspect(connection).has_table(Setting.__tablename__):
            return
        _write_check(connection, cipher)
    # Another process may have written it at the same moment, with its own key.
    with db.engine.connect() as connection:
        written = _stored_check(connection)
    if written is not None and _opens(cipher, written) != CHECK_PLAINTEXT:
        raise DataKeyError(
            f"{refused}: another process has just sealed its check value with another key {HINT}"
        )


def _write_check(connection: Connection, cipher: MultiFernet) -> None:
    """The check value, unless one is there already (two processes may start at once)."""
    table = Setting.__table__  # type: ignore[attr-defined]
    value = cipher.encrypt(CHECK_PLAINTEXT).decode("ascii")
    make = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(
        make(table)
        .values(key=DATA_KEY_CHECK, value=value)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def reseal_check(db: Database, cipher: MultiFernet) -> None:
    """``myreview keys rotate``: the check value sealed again with the first key."""
    table = Setting.__table__  # type: ignore[attr-defined]
    with db.engine.begin() as connection:
        token = _stored_check(connection)
        if token is None:
            _write_check(connection, cipher)
            return
        fresh = cipher.rotate(token.encode("ascii")).decode("ascii")
        connection.execute(table.update().where(table.c.key == DATA_KEY_CHECK).values(value=fresh))


def new_key() -> str:
    """A fresh Fernet key, for operators."""
    return Fernet.generate_key().decode("ascii")


__all__ = [
    "DATA_KEY_CHECK",
    "DataKeyError",
    "InvalidToken",
    "MultiFernet",
    "check_data_key",
    "holds_sealed_data",
    "key_source",
    "load_cipher",
    "new_key",
    "parse_keys",
    "reseal_check",
    "sealed_columns",
]
