"""Holding up against people trying to get in, and against things too big to keep.

* Invite tokens cannot be guessed (16 random bytes), and guessing is slowed down
  as well: five tokens that do not work in 15 minutes lock that Telegram account
  out of tokens for an hour. The failures are rows (``StartAttempt``), so every
  process counts the same ones and a restart forgets nothing; a locked account's
  tries are not even checked, so a lockout cannot be used to test tokens, and the
  reply never says whether a token exists.
* Files: a photo, voice note or file over its limit is refused kindly before
  anything is saved (``file_size`` on the update: the bot never downloads it).
  The limits are what the product can use: the Bot API lets a bot download at
  most 20 MB, and Telegram compresses photos to well under 10 MB.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete
from sqlmodel import Session, col, select

from models import StartAttempt

log = logging.getLogger(__name__)

MAX_FAILURES: Final = 5
FAILURE_WINDOW: Final = timedelta(minutes=15)
LOCKOUT: Final = timedelta(hours=1)
KEEP_ATTEMPTS: Final = timedelta(days=1)

MB: Final = 1024 * 1024
MAX_BYTES: Final = {
    "photo": 10 * MB,
    "voice": 20 * MB,
    "document": 20 * MB,
    "video": 20 * MB,
    "audio": 20 * MB,
    "video_note": 20 * MB,
    "animation": 20 * MB,
}
MAX_VOICE_SECONDS: Final = 10 * 60


def locked_until(session: Session, telegram_user_id: int, now: datetime) -> datetime | None:
    """When this account may try tokens again, if it is locked out now."""
    recent = list(
        session.exec(
            select(StartAttempt.at)
            .where(StartAttempt.telegram_user_id == telegram_user_id)
            .where(col(StartAttempt.at) > now - LOCKOUT - FAILURE_WINDOW)
            .order_by(col(StartAttempt.at))
        )
    )
    until = None
    for first, fifth in zip(recent, recent[MAX_FAILURES - 1 :], strict=False):
        if fifth - first <= FAILURE_WINDOW and fifth + LOCKOUT > now:
            until = max(until or fifth + LOCKOUT, fifth + LOCKOUT)
    return until


def record_failure(session: Session, telegram_user_id: int, now: datetime) -> datetime | None:
    """Count a token that did not work; the end of the lockout if this one starts it."""
    session.exec(  # type: ignore[call-overload]
        delete(StartAttempt).where(col(StartAttempt.at) < now - KEEP_ATTEMPTS)
    )
    session.add(StartAttempt(telegram_user_id=telegram_user_id, at=now))
    session.flush()
    until = locked_until(session, telegram_user_id, now)
    if until is not None:
        log.warning(
            "telegram user %s locked out of invite tokens until %s (%s failures in %s)",
            telegram_user_id,
            until.isoformat(),
            MAX_FAILURES,
            FAILURE_WINDOW,
        )
    return until


def forget_failures(session: Session, telegram_user_id: int) -> None:
    """A token worked: the account's earlier mistakes no longer count."""
    session.exec(  # type: ignore[call-overload]
        delete(StartAttempt).where(col(StartAttempt.telegram_user_id) == telegram_user_id)
    )


def too_big(kind: str, size: int | None, seconds: int | None = None) -> tuple[str, int] | None:
    """("bytes", limit) or ("seconds", limit) when a file is over its limit; else None."""
    limit = MAX_BYTES.get(kind)
    if limit is not None and size is not None and size > limit:
        return "bytes", limit
    if kind == "voice" and seconds is not None and seconds > MAX_VOICE_SECONDS:
        return "seconds", MAX_VOICE_SECONDS
    return None
