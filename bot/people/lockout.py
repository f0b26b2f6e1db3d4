"""Invite lockout: guessing invite tokens is slowed down.

Tokens cannot be guessed (16 random bytes), and five tokens that do not work in
15 minutes lock that Telegram account out of tokens for an hour. The failures
are rows (``StartAttempt``), so every process counts the same ones and a restart
forgets nothing; a locked account's tries are not even checked, so a lockout
cannot be used to test tokens, and the reply never says whether a token exists.
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
