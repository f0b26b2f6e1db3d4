"""The person behind an update, read with what their turn needs, in one statement.

Nearly every update is a child's answer, and its turn needs the child, their IRO
(whose name goes into questions), the words they chose and their open review.
Read one by one that is four statements; :func:`sender` reads them together and
leaves each where its own lookup finds it first: the IRO in the session's
identity map, the words and the open review in the update's session
(``own_words.remember_chosen_words``, ``reviews.remember_open_review``).

``now`` is the update's one time (``update_now``): the open review is the one open
at that moment, and every turn of the update is made at it too.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.calendar.reviews import next_open_review_id, remember_open_review
from bot.people.addresses import is_web, person_of_web, postgres, reachable
from bot.people.own_words import remember_chosen_words
from bot.platform.runtime import Runtime
from messages.questions import load_word_prompts
from models import ChildWord, Consultation, Person, Review

KEPT = "sender_iro"
NOW = "update_now"
"""Where an update's session keeps the time it is handled at (``Session.info``)."""


def update_now(rt: Runtime, session: Session) -> datetime:
    """The time this update is handled at: the same for every turn it makes."""
    if NOW not in session.info:
        session.info[NOW] = rt.clock.now()
    return session.info[NOW]


def sender(session: Session, address: int, now: datetime, *, lock: bool) -> Person | None:
    """The active person at ``address`` (as ``addresses.by_address``), with their IRO,
    the words they chose and their open review read in the same statement. ``lock``
    holds the person's row for the transaction on PostgreSQL (one statement more)."""
    web = is_web(address)
    params = {"who": person_of_web(address) if web else address, "now": now}
    query = _query(web)
    if lock and postgres(session):
        # Lock first, then read, in two statements: a statement that waited for a lock
        # sees the locked row as it is now but every joined row as it was when the
        # statement began, before the update that held the lock moved the child on.
        session.exec(_lock(web), params={"who": params["who"]}).all()  # type: ignore[call-overload]
        query = query.execution_options(populate_existing=True)
    row = session.exec(query, params=params).first()  # type: ignore[call-overload]
    if row is None:
        return None
    person, iro_person, review, consultation, *values = row
    # The identity map holds objects weakly: keep the IRO for the update's lookups.
    session.info[KEPT] = iro_person
    if person.id is not None:
        keys = _word_keys()
        chosen = {key: value for key, value in zip(keys, values, strict=True) if value is not None}
        remember_chosen_words(session, person.id, chosen)
        remember_open_review(session, person.id, now, review, consultation)
    return reachable(person, address)


def _who(web: bool) -> Any:
    return Person.id == bindparam("who") if web else Person.telegram_user_id == bindparam("who")


def _word_keys() -> list[str]:
    return [prompt.key for prompt in load_word_prompts()]


@cache
def _query(web: bool) -> Any:
    """Built once: putting together a statement of aliases and subqueries costs more
    than running it."""
    iro = aliased(Person)
    now = bindparam("now", type_=col(Review.scheduled_at).type)
    # One column per word, not one row per word: each row would be decrypted again.
    words = [
        select(ChildWord.value)
        .where(col(ChildWord.child_id) == Person.id)
        .where(col(ChildWord.key) == key)
        .scalar_subquery()
        for key in _word_keys()
    ]
    return (
        select(Person, iro, Review, Consultation, *words)
        .outerjoin(iro, col(iro.id) == Person.iro_id)
        .outerjoin(Review, col(Review.id) == next_open_review_id(Person.id, now))
        .outerjoin(Consultation, col(Consultation.review_id) == Review.id)
        .where(_who(web))
    )


@cache
def _lock(web: bool) -> Any:
    return select(Person.id).where(_who(web)).with_for_update()
