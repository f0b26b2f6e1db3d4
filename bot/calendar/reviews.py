"""Review meetings: scheduling, moving, cancelling and holding them.

Scheduling a review opens the child's My Review for it (the consultation row);
the meeting's start closes it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar.planner import replan_review
from bot.calendar.workdays import LONDON
from bot.people.records import age_on, get_person
from bot.platform.errors import UserError
from messages.questions import age_band
from models import REVIEW_FORMATS, Consultation, Person, Review

ACTIVE = "scheduled"
MAX_VENUE = 200

log = logging.getLogger(__name__)


def parse_local(value: str, zone: ZoneInfo) -> datetime:
    """``YYYY-MM-DDTHH:MM`` in the service's time zone, as an aware datetime.

    A meeting needs its time (a bare date would be midnight); a date that does not
    exist (31 February) is named as such; and a local time the clocks skip (they go
    forward) or pass twice (they go back) is refused, with how to say which is meant.
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise UserError(f"{value} needs a time too: use YYYY-MM-DDTHH:MM, e.g. {value}T10:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value):
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise UserError(f"that date doesn't exist: {value[:10]}") from exc
        raise UserError(f"cannot read the date {value!r}: use YYYY-MM-DDTHH:MM") from exc
    if moment.tzinfo is not None:
        return moment
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        skipped = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment
        if skipped:
            raise UserError(
                f"{value} does not exist in {zone.key}: the clocks go forward that night"
            )
        raise UserError(
            f"{value} happens twice in {zone.key} (the clocks go back): say which, "
            f"{first.isoformat()} (the first) or {second.isoformat()} (the second)"
        )
    return first


def _check_format(meeting_format: str) -> str:
    if meeting_format not in REVIEW_FORMATS:
        raise UserError(f"unknown format {meeting_format!r}: use {', '.join(REVIEW_FORMATS)}")
    return meeting_format


def add_review(
    session: Session,
    now: datetime,
    *,
    child_id: int,
    at: datetime,
    meeting_format: str = "face-to-face",
    venue: str | None = None,
    zone: ZoneInfo = LONDON,
) -> Review:
    """Schedule a review, open the child's consultation for it, and plan its reminders."""
    _forget_open_reviews(session)
    child = get_person(session, child_id, "child")
    if not child.active:
        raise UserError(f"child {child_id} has been deactivated")
    if child.iro_id is None:
        raise UserError(f"child {child_id} has no IRO")
    if at <= now:
        raise UserError("the meeting date is in the past")
    _check_format(meeting_format)
    if venue is not None and len(venue) > MAX_VENUE:
        raise UserError(f"the venue is longer than {MAX_VENUE} characters")
    clash = session.exec(
        select(Review)
        .where(Review.child_id == child_id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at == at)
    ).first()
    if clash is not None:
        raise UserError(f"child {child_id} already has review {clash.id} at that time")
    review = Review(
        child_id=child_id,
        iro_id=child.iro_id,
        scheduled_at=at,
        format=meeting_format,
        venue=venue,
        created_at=now,
        updated_at=now,
    )
    session.add(review)
    session.flush()
    band = age_band(age_on(child.dob, at.date()))
    session.add(
        Consultation(
            review_id=review.id,  # type: ignore[arg-type]
            child_id=child_id,
            band=band or "none",
            status="not_started" if band else "not_applicable",
            updated_at=now,
        )
    )
    session.flush()
    replan_review(session, now, review, zone)
    return review


def get_review(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id)
    if review is None:
        raise UserError(f"no review with id {review_id}")
    return review


def move_review(
    session: Session, now: datetime, review_id: int, at: datetime, zone: ZoneInfo = LONDON
) -> Review:
    """Move a review; its reminders move with it (sent ones are never sent again)."""
    review = get_review(session, review_id)
    if review.status != ACTIVE:
        raise UserError(f"review {review_id} is {review.status}")
    if at <= now:
        raise UserError("the meeting date is in the past")
    _forget_open_reviews(session)
    review.scheduled_at = at
    review.updated_at = now
    session.add(review)
    session.flush()
    replan_review(session, now, review, zone)
    return review


def cancel_review(
    session: Session, now: datetime, review_id: int, zone: ZoneInfo = LONDON
) -> Review:
    """Cancel a review and every reminder about it still to be sent."""
    review = get_review(session, review_id)
    if review.status != ACTIVE:
        raise UserError(f"review {review_id} is {review.status}")
    _forget_open_reviews(session)
    review.status = "cancelled"
    review.updated_at = now
    session.add(review)
    session.flush()
    replan_review(session, now, review, zone)
    return review


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    child: Person
    consultation: Consultation | None


def upcoming_for(
    session: Session,
    viewer: Person,
    now: datetime,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[ReviewRow]:
    """The reviews a worker may see, soonest first: an IRO's own, a social worker's
    children's; ``until``: only those before it (a digest's four weeks, not the year)."""
    query = (
        select(Review, Person, Consultation)
        .join(Person, col(Person.id) == Review.child_id)
        .join(Consultation, col(Consultation.review_id) == Review.id, isouter=True)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at >= now)
        .where(col(Person.active).is_(True))
        .order_by(col(Review.scheduled_at))
    )
    if until is not None:
        query = query.where(Review.scheduled_at <= until)
    if limit is not None:
        query = query.limit(limit)
    if viewer.role == "iro":
        query = query.where(Review.iro_id == viewer.id)
    elif viewer.role in ("social_worker", "carer"):
        # From the worker's children to their reviews (by index), never the other way
        # round: a planner without statistics would read every review to find twenty.
        theirs = Person.social_worker_id if viewer.role == "social_worker" else Person.carer_id
        children = select(Person.id).where(theirs == viewer.id)
        query = query.where(col(Review.child_id).in_(children))
    else:
        return []
    return [ReviewRow(r, p, c) for r, p, c in session.exec(query)]


def all_reviews(
    session: Session, include_past: bool = False, now: datetime | None = None
) -> list[ReviewRow]:
    """Every review, for operators at the command line."""
    query = (
        select(Review, Person, Consultation)
        .join(Person, col(Person.id) == Review.child_id)
        .join(Consultation, col(Consultation.review_id) == Review.id, isouter=True)
        .order_by(col(Review.scheduled_at))
    )
    if not include_past and now is not None:
        query = query.where(Review.scheduled_at >= now)
    return [ReviewRow(r, p, c) for r, p, c in session.exec(query)]


OPEN_REVIEWS = "open_reviews"
"""Where one update keeps what :func:`open_review_for` found (``Session.info``)."""


def remember_open_reviews(session: Session) -> None:
    """Within one update the open review is asked for by several rooms (the safety
    screen, the flow, the IRO's profile): look it up once. Only an update's own session
    remembers, and any change to a review forgets."""
    session.info[OPEN_REVIEWS] = {}


def _forget_open_reviews(session: Session) -> None:
    if OPEN_REVIEWS in session.info:
        session.info[OPEN_REVIEWS] = {}


def open_review_for(
    session: Session, child: Person, now: datetime
) -> tuple[Review, Consultation] | None:
    """The child's next meeting whose My Review is still open (before the meeting starts)."""
    known = session.info.get(OPEN_REVIEWS)
    if known is not None and (child.id, now) in known:
        return known[(child.id, now)]
    found = _open_review_for(session, child, now)
    if known is not None:
        known[(child.id, now)] = found
    return found


def remember_open_review(
    session: Session,
    child_id: int,
    now: datetime,
    review: Review | None,
    consultation: Consultation | None,
) -> None:
    """Keep an open review read with the child in one statement (see
    :func:`next_open_review_id`), if this session remembers open reviews."""
    known = session.info.get(OPEN_REVIEWS)
    if known is not None:
        found = (review, consultation) if review and consultation else None
        known[(child_id, now)] = found


def next_open_review_id(child_id: Any, now: datetime) -> Any:
    """The id of :func:`open_review_for`'s review, as a subquery a caller can join on
    (``child_id`` may be a column of the outer query)."""
    return (
        select(Review.id)
        .join(Consultation, col(Consultation.review_id) == Review.id)
        .where(Review.child_id == child_id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at > now)
        .order_by(col(Review.scheduled_at), col(Review.id))
        .limit(1)
        .scalar_subquery()
    )


def _open_review_for(
    session: Session, child: Person, now: datetime
) -> tuple[Review, Consultation] | None:
    row = session.exec(
        select(Review, Consultation)
        .join(Consultation, col(Consultation.review_id) == Review.id)
        .where(Review.child_id == child.id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at > now)
        .order_by(col(Review.scheduled_at), col(Review.id))
    ).first()
    return (row[0], row[1]) if row else None


def record_held(
    session: Session,
    now: datetime,
    review: Review,
    zone: ZoneInfo = LONDON,
    held_at: datetime | None = None,
) -> None:
    """The meeting took place (at its scheduled time, unless told otherwise)."""
    _forget_open_reviews(session)
    review.status = timing.HELD
    review.held_at = held_at or review.scheduled_at
    review.updated_at = now
    session.add(review)
    replan_review(session, now, review, zone)
    log.info("review %s: held", review.id)
