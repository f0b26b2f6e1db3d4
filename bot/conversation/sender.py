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

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.calendar.reviews import next_open_review_id, remember_open_review
from bot.people.addresses import at_address, postgres, reachable
from bot.people.own_words import remember_chosen_words
from bot.platform.runtime import Runtime
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
    iro = aliased(Person)
    query = (
        select(Person, iro, Review, Consultation, ChildWord)
        .outerjoin(iro, col(iro.id) == Person.iro_id)
        .outerjoin(Review, col(Review.id) == next_open_review_id(Person.id, now))
        .outerjoin(Consultation, col(Consultation.review_id) == Review.id)
        .outerjoin(ChildWord, col(ChildWord.child_id) == Person.id)
    )
    query = at_address(query, address)
    if lock and postgres(session):
        # Lock first, then read, in two statements: a statement that waited for a lock
        # sees the locked row as it is now but every joined row as it was when the
        # statement began, before the update that held the lock moved the child on.
        session.exec(at_address(select(Person.id), address).with_for_update()).all()
        query = query.execution_options(populate_existing=True)
    rows = session.exec(query).all()
    if not rows:
        return None
    person, iro_person, review, consultation, _word = rows[0]
    # The identity map holds objects weakly: keep the IRO for the update's lookups.
    session.info[KEPT] = iro_person
    if person.id is not None:
        words = [row[4] for row in rows if row[4] is not None and row[0] is person]
        remember_chosen_words(session, person.id, words)
        remember_open_review(session, person.id, now, review, consultation)
    return reachable(person, address)
