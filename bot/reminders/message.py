"""A notification's message as plain values, and the review it is about.

Every room that words a notification (reminders, safeguarding, the workspace)
returns a ``Message``; the outbox sends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.platform.replies import Button
from models import Consultation, Person, Review


@dataclass
class Message:
    """One notification as Telegram HTML: usually one body; buttons go under the last."""

    bodies: list[str]
    buttons: list[list[Button]]
    # A photo sent after the bodies, with its caption (HTML): the IRO's profile photo
    # going with "My Review is open" (bot/profile.py).
    photo: str | None = None
    photo_caption: str = ""


@dataclass
class Subject:
    """The review a notification is about, loaded once."""

    review: Review | None
    child: Person | None
    consultation: Consultation | None


SUBJECTS = "notification_subjects"
"""Where a session keeps the subjects :func:`read_subjects` read (``Session.info``)."""


def read_subjects(session: Session, review_ids: Iterable[int | None]) -> None:
    """Read the subjects of many notifications in one statement, for the rest of this
    session (a dispatcher batch, a chunk of a dry run): each notification would
    otherwise read its review, child and consultation one by one. Held strongly here,
    as the identity map alone would let them go."""
    ids = sorted({i for i in review_ids if i is not None})
    if not ids:
        return
    known: dict[int, Subject] = session.info.setdefault(SUBJECTS, {})
    rows = session.exec(
        select(Review, Person, Consultation)
        .join(Person, col(Person.id) == Review.child_id)
        .join(Consultation, col(Consultation.review_id) == Review.id, isouter=True)
        .where(col(Review.id).in_(ids))
    )
    for review, child, consultation in rows:
        known[review.id or 0] = Subject(review, child, consultation)


def forget_subjects(session: Session) -> None:
    session.info.pop(SUBJECTS, None)


def load_subject(session: Session, review_id: int | None) -> Subject:
    if review_id is None:
        return Subject(None, None, None)
    known = session.info.get(SUBJECTS)
    if known is not None and review_id in known:
        return known[review_id]
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    consultation = (
        session.exec(select(Consultation).where(Consultation.review_id == review_id)).first()
        if review
        else None
    )
    return Subject(review, child, consultation)
