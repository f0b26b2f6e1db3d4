"""A notification's message as plain values, and the review it is about.

Every room that words a notification (reminders, safeguarding, the workspace)
returns a ``Message``; the outbox sends it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

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


def load_subject(session: Session, review_id: int | None) -> Subject:
    if review_id is None:
        return Subject(None, None, None)
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    consultation = (
        session.exec(select(Consultation).where(Consultation.review_id == review_id)).first()
        if review
        else None
    )
    return Subject(review, child, consultation)
