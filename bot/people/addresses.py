"""Where a person is written to: their Telegram chat, or their web chat.

The core speaks in ``Reply`` values addressed by an integer ``chat_id``, whichever
channel carries them. A Telegram private chat's id is the person's Telegram user
id, which Telegram keeps to at most 52 significant bits. A web chat's address is
a number below ``-2**53`` made from the person's id, so the two can never meet,
and a channel tells them apart with :func:`is_web` without a lookup.

A person is written to (reminders, their IRO's summary) where they can be
reached: Telegram if they have linked it, else their web chat if they have one
(``Person.web_since``), else nowhere.
"""

from __future__ import annotations

from sqlalchemy.sql import Select
from sqlmodel import Session, select

from models import Person

WEB_BASE = -(2**53)


def web_address(person_id: int) -> int:
    return WEB_BASE - person_id


def is_web(chat_id: int) -> bool:
    return chat_id <= WEB_BASE


def channel_of(chat_id: int) -> str:
    """The channel an address belongs to: "web" or "telegram" (as answers record it)."""
    return "web" if is_web(chat_id) else "telegram"


def person_of_web(chat_id: int) -> int:
    """The person id behind a web address."""
    return WEB_BASE - chat_id


def address_of(person: Person) -> int | None:
    """Where to write to this person unasked: Telegram first, else the web chat."""
    if person.telegram_user_id is not None:
        return person.telegram_user_id
    if person.web_since is not None and person.id is not None:
        return web_address(person.id)
    return None


def has_channel(person: Person) -> bool:
    return address_of(person) is not None


def postgres(session: Session) -> bool:
    """Row locks are PostgreSQL's; SQLite's BEGIN IMMEDIATE lets one writer in."""
    return session.get_bind().dialect.name == "postgresql"


def hold(session: Session, person: Person) -> None:
    """After ``by_address(..., lock=True)``, lock the child's row too when this person is
    helping one: a helper and the child, on two processes, run one after the other.
    Locks are always taken in the same order (the person, then the child they help,
    and nobody locks a helper after a child), so two updates never wait on each other.
    PostgreSQL only: SQLite's BEGIN IMMEDIATE already lets one writer in."""
    if person.helping_child_id is None or not postgres(session):
        return
    session.exec(
        select(Person)
        .where(Person.id == person.helping_child_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def by_address(session: Session, address: int, *, lock: bool = False) -> Person | None:
    """The active person an update came from: a Telegram account, or a web chat (whose
    session the web channel has already checked). ``lock``: hold their row for the
    transaction (PostgreSQL), so one person's updates run one at a time, whichever
    process has them; read in the same statement, as it is once the lock is ours."""
    query = at_address(select(Person), address)
    if lock and postgres(session):
        query = query.with_for_update().execution_options(populate_existing=True)
    return reachable(session.exec(query).first(), address)


def at_address(query: Select, address: int) -> Select:  # type: ignore[type-arg]
    """``query`` narrowed to the person behind ``address`` (a Telegram account or a
    web chat), for lookups that read more in the same statement."""
    if is_web(address):
        return query.where(Person.id == person_of_web(address))
    return query.where(Person.telegram_user_id == address)


def reachable(person: Person | None, address: int) -> Person | None:
    """``person``, if they may speak from ``address`` now: active, and, from a web
    chat, with their web chat still open."""
    if person is None or not person.active:
        return None
    if is_web(address) and person.web_since is None:
        return None
    return person
