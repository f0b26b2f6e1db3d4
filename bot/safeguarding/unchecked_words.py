"""Words the safety check could not read: the IRO is told, and the answer is flagged.

A child may write in a language the disclosure check has no patterns for
(``bot.safeguarding.written_in``). Nothing in those words can raise an alert, so
the child's IRO is told the same day, in working hours like their other notices,
and the answer carries a flag on ``/reviews`` and in the IRO's view until the
meeting: "written in Somali: could not be safety-checked; have it read by an
interpreter today".

One notice per consultation: a child writing every answer in Somali tells their
IRO once, not twenty times (the notice and the view list every answer).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.calendar import notification_kinds as kinds
from models import Answer, Consultation, Notification, Person


def tell_iro(session: Session, now: datetime, child: Person, consultation: Consultation) -> None:
    """Queue the IRO's notice about this consultation's unread words (once)."""
    if child.iro_id is None:
        return
    key = f"unchecked:{consultation.id}"
    if session.exec(select(Notification.id).where(Notification.key == key)).first() is not None:
        return
    session.add(
        Notification(
            key=key,
            kind=kinds.UNCHECKED_WORDS,
            review_id=consultation.review_id,
            recipient_id=child.iro_id,
            about_id=child.id,
            due_at=now,
            created_at=now,
        )
    )


def unchecked_answers(session: Session, consultation: Consultation) -> list[Answer]:
    """The live answers the safety check could not read, oldest first."""
    return list(
        session.exec(
            select(Answer)
            .where(Answer.consultation_id == consultation.id)
            .where(col(Answer.unchecked).is_(True))
            .where(col(Answer.replaced).is_(False))
            .order_by(col(Answer.id))
        )
    )


def languages_of(answers: list[Answer]) -> list[str]:
    """The languages they are written in, each once, in order."""
    return list(dict.fromkeys(a.written_in for a in answers if a.written_in))
