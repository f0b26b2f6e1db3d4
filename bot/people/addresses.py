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

from sqlmodel import Session, col, select

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


def hold(session: Session, person: Person) -> None:
    """Lock this person's row (and the child's they are helping) for the update's
    transaction: two updates from one person, on two processes, run one after the
    other. PostgreSQL only: SQLite's BEGIN IMMEDIATE already lets one writer in."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted({person.id, person.helping_child_id} - {None})
    # populate_existing: what the person looks like now, once the lock is ours.
    session.exec(
        select(Person)
        .where(col(Person.id).in_(ids))
        .order_by(col(Person.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def by_address(session: Session, address: int) -> Person | None:
    """The active person an update came from: a Telegram account, or a web chat (whose
    session the web channel has already checked)."""
    if is_web(address):
        person = session.get(Person, person_of_web(address))
        if person is None or not person.active or person.web_since is None:
            return None
        return person
    return session.exec(
        select(Person).where(Person.telegram_user_id == address).where(col(Person.active).is_(True))
    ).first()
