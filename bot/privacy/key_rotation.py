"""Rotating the data key without downtime.

The steps, for operators (also in the README):

1. Make the new key readable everywhere: ``MYREVIEW_DATA_KEY=OLD,NEW`` and
   restart each process in turn (all can still read and write).
2. Make it the key that writes: ``MYREVIEW_DATA_KEY=NEW,OLD``, restart in turn.
3. ``myreview keys rotate`` re-encrypts every sealed value with NEW, in small
   committed batches, while the bot keeps running.
4. Drop the old key: ``MYREVIEW_DATA_KEY=NEW``, restart in turn.

With the embedded key file, ``myreview keys rotate --new-key`` puts a fresh key
first in the file and re-encrypts; restart the bot afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import Text, select, type_coerce, update

from bot.platform.db import Database
from bot.platform.encryption import HINT, DataKeyError, reseal_check, sealed_columns

__all__ = ["BATCH", "RotationReport", "rotate", "sealed_columns"]

BATCH = 500


@dataclass(frozen=True)
class RotationReport:
    values: int
    columns: tuple[str, ...]


def rotate(db: Database, cipher: MultiFernet) -> RotationReport:
    """Re-encrypt every sealed value with the cipher's first key, and the data key's
    check value last (so a process started with only the new key finds it readable)."""
    done = 0
    names = []
    for table, column in sealed_columns():
        names.append(f"{table.name}.{column.name}")
        raw = type_coerce(column, Text)
        primary = next(iter(table.primary_key.columns))
        last = None
        while True:
            query = select(primary, raw).where(column.is_not(None)).order_by(primary).limit(BATCH)
            if last is not None:
                query = query.where(primary > last)
            with db.engine.begin() as connection:
                rows = connection.execute(query).all()
                for key, token in rows:
                    try:
                        fresh = cipher.rotate(token.encode("ascii")).decode("ascii")
                    except (InvalidToken, UnicodeEncodeError):
                        raise DataKeyError(
                            f"{table.name}.{column.name} {key} cannot be opened with any key "
                            f"given: nothing after it was re-encrypted {HINT}"
                        ) from None
                    connection.execute(
                        update(table)
                        .where(primary == key)
                        .values({column.name: type_coerce(fresh, Text)})
                    )
            if not rows:
                break
            done += len(rows)
            last = rows[-1][0]
    reseal_check(db, cipher)
    return RotationReport(values=done, columns=tuple(names))
