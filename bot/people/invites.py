"""Invites: how a person links their Telegram account, or opens their web chat.

A token is 16 random bytes, single-use, and expires; the database keeps only
its SHA-256 hash, so a copy of the database cannot be used to sign in. A new
invite revokes every older unused one. Guessing is slowed down by
``bot.people.lockout``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from bot.platform.errors import UserError
from models import Invite, Person


@dataclass(frozen=True)
class IssuedInvite:
    """A fresh invite. The token exists only here: the database keeps its hash."""

    person_id: int
    token: str
    expires_at: datetime
    channel: str = "telegram"


CHANNELS = ("telegram", "web")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_invite(
    session: Session, person: Person, now: datetime, days: int, channel: str = "telegram"
) -> IssuedInvite:
    """A new single-use token for one channel (Telegram's /start, or the web chat's
    link); every older unused one for this person on that channel stops working."""
    if not person.active:
        raise UserError(f"person {person.id} has been deactivated")
    if channel not in CHANNELS:
        raise UserError(f"unknown channel {channel!r}")
    if channel == "web" and person.role != "child":
        raise UserError("the web chat is for children: staff use Telegram")
    session.exec(
        update(Invite)
        .where(col(Invite.person_id) == person.id)
        .where(col(Invite.channel) == channel)
        .where(col(Invite.used_at).is_(None))
        .where(col(Invite.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    # 16 random bytes: unguessable, and well inside Telegram's 64-character /start limit.
    token = secrets.token_urlsafe(16)
    invite = Invite(
        person_id=person.id,  # type: ignore[arg-type]
        token_hash=hash_token(token),
        channel=channel,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(invite)
    session.flush()
    return IssuedInvite(
        person_id=person.id,  # type: ignore[arg-type]
        token=token,
        expires_at=invite.expires_at,
        channel=channel,
    )


def open_invite(session: Session, token: str, channel: str, now: datetime) -> Invite | None:
    """The usable invite for this token on this channel, marked used. None for any bad
    token alike (unknown, used, revoked, expired, another channel's, a deactivated person)."""
    if not token or len(token) > 64:
        return None
    invite = session.exec(select(Invite).where(Invite.token_hash == hash_token(token))).first()
    if invite is None or invite.channel != channel:
        return None
    if invite.used_at or invite.revoked_at or invite.expires_at <= now:
        return None
    person = session.get(Person, invite.person_id)
    if person is None or not person.active:
        return None
    invite.used_at = now
    session.add(invite)
    return invite


def redeem_invite(
    session: Session, token: str, telegram_user_id: int, now: datetime
) -> Person | None:
    """Bind a Telegram account to the invite's person. None for any bad token, alike."""
    invite = open_invite(session, token, "telegram", now)
    if invite is None:
        return None
    person = session.get(Person, invite.person_id)
    assert person is not None
    # One account, one person: moving an account to a new person needs a fresh invite.
    person.telegram_user_id = telegram_user_id
    person.unreachable = False
    session.add(invite)
    session.add(person)
    session.flush()
    return person
