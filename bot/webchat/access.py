"""Getting into the web chat: a worker's link, then the child's own secret word.

* A web link is an invite on the ``web`` channel (``myreview people invite ID
  --web``): single-use, and it expires. Opening it signs the child in and asks them
  to choose a secret word or PIN; a fresh link is also how a worker helps a child who
  forgot theirs (the old secret word stops working).
* To come back, the child's phone remembers which account it is (a device cookie
  whose hash names the account; it never signs in by itself) and the child types
  their secret word. It is kept as an argon2 hash, and :data:`MAX_MISSES` misses
  lock the account for :data:`LOCKED_FOR`, whoever is guessing.
* A session is a random cookie whose SHA-256 is the ``WebSession`` row: it ends
  after :data:`IDLE` without a request, after :data:`LONGEST` at most, or at once
  when the child taps "Lock".
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select, update

from bot.people.invites import open_invite
from models import Person, WebAccount, WebSession

log = logging.getLogger(__name__)

IDLE: Final = timedelta(minutes=30)
LONGEST: Final = timedelta(hours=12)
MAX_MISSES: Final = 5
LOCKED_FOR: Final = timedelta(minutes=30)
SECRET_SHORTEST: Final = 4
SECRET_LONGEST: Final = 40

# OWASP's argon2id minimum (19 MiB, 2 passes): slow for a guesser, quick enough for a
# phone's sign-in, and small enough for a busy Monday morning.
_HASHER: Final = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def normal_secret(secret: str) -> str:
    """The secret word as compared: "Tiger " and "tiger" are one word, and a PIN typed
    with Arabic-Indic or Persian digits is the same PIN as 0-9."""
    folded = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ch
        for ch in unicodedata.normalize("NFKC", secret)
    )
    return " ".join(folded.casefold().split())


def secret_problem(secret: str) -> str | None:
    """Why a secret word cannot be used ("short", "long"), or None."""
    normal = normal_secret(secret)
    if len(normal) < SECRET_SHORTEST:
        return "short"
    if len(normal) > SECRET_LONGEST:
        return "long"
    return None


@dataclass(frozen=True)
class Opened:
    """A web link that worked: who, and the new device cookie's value."""

    person_id: int
    device: str


def open_link(session: Session, token: str, now: datetime) -> Opened | None:
    """Use a web link. The child must then choose a (new) secret word."""
    invite = open_invite(session, token, "web", now)
    if invite is None:
        return None
    device = secrets.token_urlsafe(24)
    account = session.get(WebAccount, invite.person_id)
    if account is None:
        account = WebAccount(person_id=invite.person_id, created_at=now)
    account.secret_hash = None
    account.device_hash = _sha(device)
    account.failed_tries = 0
    account.locked_until = None
    session.add(account)
    end_all(session, invite.person_id, now)
    session.flush()
    return Opened(invite.person_id, device)


def needs_secret(session: Session, person_id: int) -> bool:
    account = session.get(WebAccount, person_id)
    return account is None or account.secret_hash is None


def choose_secret(session: Session, person_id: int, secret: str, now: datetime) -> None:
    """Keep the child's secret word (as a hash); their web chat is now set up."""
    if secret_problem(secret) is not None:
        raise ValueError("not a usable secret word")
    account = session.get(WebAccount, person_id)
    person = session.get(Person, person_id)
    if account is None or person is None:
        raise LookupError("no web account")
    account.secret_hash = _HASHER.hash(normal_secret(secret))
    person.web_since = person.web_since or now
    session.add(account)
    session.add(person)


@dataclass(frozen=True)
class SignIn:
    """The outcome of typing a secret word."""

    person_id: int | None = None
    locked_until: datetime | None = None
    tries_left: int | None = None


def sign_in(session: Session, device: str, secret: str, now: datetime) -> SignIn:
    """Check a secret word for the account this phone remembers. A locked account's
    words are not even checked, so a lockout cannot be used to test guesses."""
    if not device or len(device) > 100:
        return SignIn()
    account = session.exec(
        select(WebAccount).where(WebAccount.device_hash == _sha(device)).with_for_update()
    ).first()
    if account is None or account.secret_hash is None:
        return SignIn()
    person = session.get(Person, account.person_id)
    if person is None or not person.active:
        return SignIn()
    if account.locked_until is not None and account.locked_until > now:
        return SignIn(locked_until=account.locked_until)
    try:
        _HASHER.verify(account.secret_hash, normal_secret(secret)[: SECRET_LONGEST * 4])
    except (VerificationError, InvalidHashError):
        account.failed_tries += 1
        left = MAX_MISSES - account.failed_tries
        if left <= 0:
            account.failed_tries = 0
            account.locked_until = now + LOCKED_FOR
            log.warning("web account of person %s locked after %s misses", person.id, MAX_MISSES)
        session.add(account)
        return SignIn(locked_until=account.locked_until if left <= 0 else None, tries_left=left)
    account.failed_tries = 0
    account.locked_until = None
    if _HASHER.check_needs_rehash(account.secret_hash):
        account.secret_hash = _HASHER.hash(normal_secret(secret))
    session.add(account)
    return SignIn(person_id=account.person_id)


def remembered(session: Session, device: str | None) -> str | None:
    """The language of the account this phone's device cookie names (its sign-in page
    is in it), if that account has a secret word; else None."""
    if not device or len(device) > 100:
        return None
    account = session.exec(select(WebAccount).where(WebAccount.device_hash == _sha(device))).first()
    if account is None or account.secret_hash is None:
        return None
    person = session.get(Person, account.person_id)
    return person.locale if person is not None and person.active else None


@dataclass(frozen=True)
class Started:
    token: str
    csrf: str


def start_session(session: Session, person_id: int, now: datetime) -> Started:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_sha(token), person_id=person_id, csrf=csrf, created_at=now, last_seen_at=now
        )
    )
    return Started(token, csrf)


def current(session: Session, token: str | None, now: datetime) -> WebSession | None:
    """The live session for this cookie, its idle clock restarted; None if it ended."""
    if not token or len(token) > 100:
        return None
    row = session.get(WebSession, _sha(token))
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > IDLE or now - row.created_at > LONGEST:
        row.ended_at = now
        session.add(row)
        return None
    person = session.get(Person, row.person_id)
    if person is None or not person.active:
        return None
    row.last_seen_at = now
    session.add(row)
    return row


def end(session: Session, token: str | None, now: datetime) -> None:
    """Lock: this session ends at once."""
    if token and len(token) <= 100:
        row = session.get(WebSession, _sha(token))
        if row is not None and row.ended_at is None:
            row.ended_at = now
            session.add(row)


def end_all(session: Session, person_id: int, now: datetime) -> None:
    """Every session of this child ends (a fresh link, or the person deactivated)."""
    session.exec(
        update(WebSession)
        .where(col(WebSession.person_id) == person_id)
        .where(col(WebSession.ended_at).is_(None))
        .values(ended_at=now)
    )
