"""Someone blocked the bot, or unblocked it.

Telegram tells the bot when a person blocks it (or a send fails with 403). Their
reminders stop, the IROs of their open reviews are told once ("I can't reach
…"), and when they unblock it, the reminders that are still current go out
again. The dispatcher and the Telegram channel both call this.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import replan_reviews_of
from bot.calendar.workdays import LONDON
from models import Notification, Person, Review

log = logging.getLogger(__name__)

UNREACHABLE_TELLS_ABOUT = timedelta(weeks=6)
"""How far ahead an unreachable person's reviews are worth telling their IRO about."""


def tell_iro_unreachable(session: Session, now: datetime, person: Person, review: Review) -> bool:
    """Queue "I can't reach <person>" for the IRO of ``review`` (once per block)."""
    if review.iro_id == person.id:
        log.error("IRO %s is unreachable: nobody else to tell", person.id)
        return False
    key = f"r{review.id}:{kinds.IRO_UNREACHABLE}:p{person.id}:{now:%Y%m%dT%H%M}"
    exists = session.exec(select(Notification.id).where(Notification.key == key)).first()
    if exists is not None:
        return False
    session.add(
        Notification(
            key=key,
            kind=kinds.IRO_UNREACHABLE,
            review_id=review.id,
            recipient_id=review.iro_id,
            about_id=person.id,
            due_at=now,
            created_at=now,
        )
    )
    return True


def _open_reviews_of(session: Session, now: datetime, person: Person) -> list[Review]:
    child = aliased(Person)
    query = (
        select(Review)
        .join(child, child.id == Review.child_id)
        .where(Review.status == timing.SCHEDULED)
        .where(Review.scheduled_at >= now)
        .where(Review.scheduled_at <= now + UNREACHABLE_TELLS_ABOUT)
        .where(col(child.active).is_(True))
        .order_by(col(Review.scheduled_at))
    )
    if person.role == "child":
        query = query.where(Review.child_id == person.id)
    elif person.role == "social_worker":
        query = query.where(child.social_worker_id == person.id)
    else:
        return []
    return list(session.exec(query))


def mark_unreachable(session: Session, now: datetime, person: Person, cause: str) -> int:
    """The person blocked the bot: remember it, and tell the IROs of their open reviews."""
    if person.unreachable:
        return 0
    person.unreachable = True
    session.add(person)
    log.warning("person %s is unreachable: %s", person.id, cause)
    return sum(
        tell_iro_unreachable(session, now, person, review)
        for review in _open_reviews_of(session, now, person)
    )


def mark_reachable(
    session: Session, now: datetime, person: Person, zone: ZoneInfo = LONDON
) -> None:
    """They unblocked the bot: their reminders that are still current go out again."""
    if not person.unreachable:
        return
    person.unreachable = False
    session.add(person)
    replan_reviews_of(session, now, person.id or 0, zone)
    log.info("person %s is reachable again", person.id)
