"""Acting on an update once: the record that it was handled.

Telegram re-delivers an update it did not hear back about (a crash before the
answer reached it, a slow webhook). The record is written in the same
transaction as everything the update did, so either both are kept or neither is;
a second process that gets the same update waits for the first to commit, then
finds the record and does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from models import HandledUpdate

KEEP_HANDLED = timedelta(days=1)
"""Telegram re-delivers for at most a day; older records are pruned."""


def first_time(session: Session, key: str, now: datetime) -> bool:
    """Record the update in the caller's transaction; False if it was recorded before.

    One statement, no savepoint: the insert does nothing when the key is there (on
    PostgreSQL it waits for another process that is inserting it to commit first)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = session.exec(  # type: ignore[call-overload]
        dialect.insert(HandledUpdate)
        .values(key=key, handled_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(col(HandledUpdate.key))
    )
    return added.first() is not None


def prune(session: Session, now: datetime) -> int:
    """Forget updates handled more than a day ago; how many were forgotten."""
    result = session.exec(  # type: ignore[call-overload]
        delete(HandledUpdate).where(col(HandledUpdate.handled_at) < now - KEEP_HANDLED)
    )
    return int(result.rowcount or 0)
