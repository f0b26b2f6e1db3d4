"""The review cycle's dates, as the rest of the product asks for them.

The pure rules live in ``bot.workdays`` (working days, local time) and
``bot.timescales`` (regulation 33). This module applies them to reviews in the
database: when a report is due and whether it was shared on time, when the
decisions and the record are due after a meeting, and whether a review date
keeps the child's review in timescale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.calendar.timescales import (
    LATER_REVIEW_MONTHS,
    SECOND_REVIEW_MONTHS,
    latest_in_timescale,
    next_review_number,
)
from bot.calendar.workdays import (
    LONDON,
    add_working_days,
    bank_holidays,
    local_date,
    subtract_working_days,
    working_day_on_or_before,
)
from messages import reminders as words
from models import Person, Review

REPORT_WORKING_DAYS_BEFORE: Final = 3
"""The social worker's report is due 3 working days before the meeting."""
CONSULTATION_OPENS_WORKING_DAYS_BEFORE: Final = 10
CHILD_NUDGE_WORKING_DAYS_BEFORE: Final = (5, 2)
SW_FIRST_REMINDER_WORKING_DAYS_BEFORE_DUE: Final = 5
DECISIONS_WORKING_DAYS_AFTER: Final = 5
RECORD_WORKING_DAYS_AFTER: Final = 20

SCHEDULED: Final = "scheduled"
HELD: Final = "held"
CANCELLED: Final = "cancelled"

# How a report stands, for /reviews and the digest.
SHARED_ON_TIME: Final = "shared_on_time"
SHARED_LATE: Final = "shared_late"
NOT_YET: Final = "not_yet"
LATE: Final = "late"


def report_due_date(meeting_day: date) -> date:
    """The working day 3 working days before the meeting (Tue 29 Dec 2026 -> Tue 22 Dec)."""
    return subtract_working_days(meeting_day, REPORT_WORKING_DAYS_BEFORE)


def decisions_due_date(held_day: date) -> date:
    return add_working_days(held_day, DECISIONS_WORKING_DAYS_AFTER)


def record_due_date(held_day: date) -> date:
    return add_working_days(held_day, RECORD_WORKING_DAYS_AFTER)


def meeting_day(review: Review, zone: ZoneInfo = LONDON) -> date:
    return local_date(review.scheduled_at, zone)


def held_day(review: Review, zone: ZoneInfo = LONDON) -> date:
    return local_date(review.held_at or review.scheduled_at, zone)


def report_state(review: Review, now: datetime, zone: ZoneInfo = LONDON) -> tuple[str, date]:
    """How the review's report stands now, and its due date.

    Shared on the due day itself is on time; the deadline is the whole of that day.
    """
    due = report_due_date(meeting_day(review, zone))
    if review.report_shared_at is not None:
        on_time = local_date(review.report_shared_at, zone) <= due
        return (SHARED_ON_TIME if on_time else SHARED_LATE), due
    return (LATE if local_date(now, zone) > due else NOT_YET), due


# --- timescales (regulation 33) -------------------------------------------------


@dataclass(frozen=True)
class Timescale:
    """When the child's next review must be held by, and why."""

    review_number: int
    latest: date
    """The statutory limit (a calendar date; it may fall on a weekend)."""
    proposed: date
    """The latest working day on or before the limit: the date to offer."""
    basis: date
    """Entering care (first review) or the review before."""

    @property
    def rule(self) -> str:
        if self.review_number == 1:
            return words.RULE_FIRST.format(basis=self.basis.isoformat())
        months = SECOND_REVIEW_MONTHS if self.review_number == 2 else LATER_REVIEW_MONTHS
        return words.RULE_AFTER.format(months=months, basis=self.basis.isoformat())


def review_dates(
    session: Session,
    child_id: int,
    zone: ZoneInfo = LONDON,
    *,
    before: date | None = None,
    exclude_review_id: int | None = None,
) -> list[date]:
    """The local dates of the child's reviews that were not cancelled, oldest first.

    A past meeting counts even if nobody recorded it as held yet, and so does a
    future one already scheduled: the next review's timescale runs from it.
    """
    query = (
        select(Review.id, Review.scheduled_at, Review.held_at)
        .where(Review.child_id == child_id)
        .where(Review.status != CANCELLED)
    )
    found: set[date] = set()
    for review_id, scheduled_at, held_at in session.exec(query):
        if review_id == exclude_review_id:
            continue
        day = local_date(held_at or scheduled_at, zone)
        if before is None or day < before:
            found.add(day)
    return sorted(found)


def timescale_for(entered_care: date, history: Iterable[date]) -> Timescale:
    """The timescale for the review after ``history`` (raises ValueError on bad history)."""
    held = sorted(history)
    latest = latest_in_timescale(entered_care, held)
    return Timescale(
        review_number=next_review_number(held),
        latest=latest,
        proposed=working_day_on_or_before(latest),
        basis=held[-1] if held else entered_care,
    )


def next_review(session: Session, child: Person, zone: ZoneInfo = LONDON) -> Timescale:
    """``reviews next``: the latest date the child's next review is still in timescale."""
    if child.entered_care is None:
        raise ValueError(words.NO_ENTERED_CARE.format(child=child.id))
    return timescale_for(child.entered_care, review_dates(session, child.id or 0, zone))


def history_unknown(entered_care: date, history: Sequence[date], recorded: date) -> bool:
    """A child part-way through care: no earlier review is recorded, and their first
    was due before this one was recorded. Their earlier reviews are not known, so this
    one's timescale cannot be checked (it is not "out of timescale")."""
    return not history and latest_in_timescale(entered_care, []) < recorded


def timescale_warnings(
    session: Session, review: Review, child: Person, zone: ZoneInfo = LONDON
) -> list[str]:
    """Plain-English warnings for the operator when ``review`` is out of timescale."""
    if child.entered_care is None:
        return [words.NO_ENTERED_CARE.format(child=child.id)]
    day = meeting_day(review, zone)
    history = review_dates(session, child.id or 0, zone, before=day, exclude_review_id=review.id)
    try:
        timescale = timescale_for(child.entered_care, history)
    except ValueError as exc:
        return [words.TIMESCALE_UNCHECKED.format(reason=exc)]
    if day < child.entered_care:
        return [words.BEFORE_ENTERED_CARE.format(entered=child.entered_care.isoformat())]
    if day <= timescale.latest:
        return []
    if history_unknown(child.entered_care, history, local_date(review.created_at, zone)):
        unknown = words.HISTORY_UNKNOWN.format(
            child=child.id, entered=child.entered_care.isoformat()
        )
        return [words.TIMESCALE_UNCHECKED.format(reason=unknown)]
    return [
        words.OUT_OF_TIMESCALE.format(
            id=review.id,
            date=day.isoformat(),
            nth=words.nth(timescale.review_number),
            latest=timescale.latest.isoformat(),
            rule=timescale.rule,
        )
    ]


def meeting_time_warnings(at: datetime, zone: ZoneInfo = LONDON) -> list[str]:
    """A meeting on a weekend or a bank holiday, or outside 09:00-17:00 local time: the
    child, their carers and the IRO are rarely all free then (a warning, not a refusal)."""
    local = at.astimezone(zone)
    day = local.date()
    found = []
    if day.weekday() >= 5:
        found.append(words.ON_A_WEEKEND.format(day=f"{day:%a %d %b %Y}", weekday=f"{day:%A}"))
    elif day in bank_holidays(day.year):
        found.append(words.ON_A_BANK_HOLIDAY.format(day=f"{day:%a %d %b %Y}"))
    if not time(9) <= local.time() <= time(17):
        found.append(words.OUTSIDE_HOURS_MEETING.format(time=f"{local:%H:%M}"))
    return found


__all__ = [
    "CANCELLED",
    "HELD",
    "LATE",
    "NOT_YET",
    "SCHEDULED",
    "SHARED_LATE",
    "SHARED_ON_TIME",
    "Timescale",
    "decisions_due_date",
    "held_day",
    "meeting_day",
    "next_review",
    "record_due_date",
    "report_due_date",
    "report_state",
    "review_dates",
    "timescale_for",
    "timescale_warnings",
]
