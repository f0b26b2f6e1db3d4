"""Statutory timescales for reviews of a looked-after child's care plan (England).

Why this module exists: the Care Planning, Placement and Case Review (England)
Regulations 2010 (regulation 33) fix when a child's review must be held:

1. the first review within 20 working days of the date the child became looked after;
2. the second review not more than 3 months after the first;
3. each later review not more than 6 months after the one before.

Whether a review is "in timescale" is reported nationally and is what the bot
uses to nudge staff, so these rules are kept pure (no clock, no database) and
in one place. Everything is a plain ``date``: which day a review was held, in
local (London) terms.

Design choices, each deliberate:

* Months are calendar months, clamped to the end of a shorter month
  (31 Aug + 6 months = 28 Feb, or 29 Feb in a leap year), because "3 months
  after 30 November" cannot be 30 February and must not spill into March.
* The latest allowed date is *not* moved when it falls on a weekend or bank
  holiday: the statutory limit is a calendar date, so a review whose limit is a
  Sunday must in practice be held by the Friday. Only the 20-working-day rule
  counts working days (via ``bot.workdays``).
* A review on the last allowed day is in timescale; the day after is not.
* Inconsistent history (reviews dated before the child entered care, the same
  date recorded twice, a "next" review not after the last one) raises
  ``ValueError`` rather than being guessed at: silently miscounting reviews
  would misreport which timescale applies.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

from bot.calendar.workdays import add_working_days, working_days_between

__all__ = [
    "FIRST_REVIEW_WORKING_DAYS",
    "LATER_REVIEW_MONTHS",
    "SECOND_REVIEW_MONTHS",
    "add_months",
    "is_in_timescale",
    "latest_in_timescale",
    "next_review_number",
    "working_days_late",
]

FIRST_REVIEW_WORKING_DAYS: Final = 20
"""The first review is due within this many working days of entering care."""

SECOND_REVIEW_MONTHS: Final = 3
"""The second review is due within this many calendar months of the first."""

LATER_REVIEW_MONTHS: Final = 6
"""Third and later reviews are due within this many calendar months of the previous one."""


def _require_date(value: object, name: str) -> None:
    """Insist on a plain ``date``; a ``datetime`` (a ``date`` subclass) is a likely bug.

    A UTC datetime near midnight has a different London date, so callers must
    convert moments to local dates first (``bot.workdays.local_date``).
    """
    if isinstance(value, datetime):
        raise ValueError(
            f"{name} must be a date, got the datetime {value!r}; "
            "convert it to a local date first (bot.workdays.local_date)"
        )
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of the target month.

    31 Aug 2026 + 6 = 28 Feb 2027; 31 Aug 2027 + 6 = 29 Feb 2028 (leap year);
    31 Jan + 1 = 28/29 Feb. Negative ``months`` move back the same way.
    Clamping (rather than overflowing into the next month) keeps the deadline
    inside the statutory period.
    """
    _require_date(day, "day")
    month_index = day.year * 12 + (day.month - 1) + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    if not date.min.year <= year <= date.max.year:
        raise OverflowError(f"{day} + {months} months is outside the range of datetime.date")
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def _held_reviews(entered_care: date, held_reviews: Sequence[date]) -> tuple[date, ...]:
    """Validate the review history and return it sorted oldest first.

    Order of input does not matter (records may come from anywhere); dates
    before entering care or duplicated dates are rejected because they mean
    the history belongs to another care episode or was recorded twice.
    """
    _require_date(entered_care, "entered_care")
    reviews = tuple(held_reviews)
    for review in reviews:
        _require_date(review, "held_reviews item")
        if review < entered_care:
            raise ValueError(
                f"review held on {review} is before the child entered care on {entered_care}"
            )
    if len(set(reviews)) != len(reviews):
        raise ValueError(f"held_reviews contains the same date more than once: {sorted(reviews)}")
    return tuple(sorted(reviews))


def next_review_number(held_reviews: Sequence[date]) -> int:
    """The ordinal of the next review: 1 for the first, 2 for the second, and so on.

    Which rule applies (20 working days, 3 months, 6 months) depends only on
    this number, so it is exposed for messages such as "your 2nd review".
    """
    return len(held_reviews) + 1


def latest_in_timescale(entered_care: date, held_reviews: Sequence[date]) -> date:
    """The latest date on which the next review may be held and still be in timescale.

    * no reviews held: ``FIRST_REVIEW_WORKING_DAYS`` working days after ``entered_care``
      (counting from the day after, so entering care on Mon 5 Jan 2026 gives
      Mon 2 Feb 2026);
    * one review held: ``SECOND_REVIEW_MONTHS`` months after it;
    * two or more held: ``LATER_REVIEW_MONTHS`` months after the most recent.

    ``held_reviews`` may be in any order; the most recent one is used.
    """
    reviews = _held_reviews(entered_care, held_reviews)
    if not reviews:
        return add_working_days(entered_care, FIRST_REVIEW_WORKING_DAYS)
    months = SECOND_REVIEW_MONTHS if len(reviews) == 1 else LATER_REVIEW_MONTHS
    return add_months(reviews[-1], months)


def _check_review_date(review_date: date, entered_care: date, reviews: tuple[date, ...]) -> None:
    """The review being assessed must come after entering care and after the last review."""
    _require_date(review_date, "review_date")
    if review_date < entered_care:
        raise ValueError(
            f"review on {review_date} is before the child entered care on {entered_care}"
        )
    if reviews and review_date <= reviews[-1]:
        raise ValueError(
            f"review on {review_date} is not after the most recent held review on {reviews[-1]}"
        )


def is_in_timescale(review_date: date, entered_care: date, held_reviews: Sequence[date]) -> bool:
    """True if the next review, held on ``review_date``, meets its statutory timescale.

    ``held_reviews`` are the reviews held *before* this one. A review on the
    latest allowed date is in timescale; one day later is not. Raises
    ``ValueError`` if ``review_date`` is before entering care or not after the
    most recent held review, since it then cannot be "the next review".
    """
    reviews = _held_reviews(entered_care, held_reviews)
    _check_review_date(review_date, entered_care, reviews)
    return review_date <= latest_in_timescale(entered_care, reviews)


def working_days_late(review_date: date, entered_care: date, held_reviews: Sequence[date]) -> int:
    """How many working days after its deadline the next review was held; 0 if in timescale.

    This feeds the "mean working days late" statistic, measured with
    ``working_days_between`` from the deadline. A Saturday deadline with the
    review on the Monday is 1 working day late. Note that a review held on a
    non-working day just after its deadline (e.g. the Sunday after a Saturday
    deadline) is out of timescale yet 0 working days late: use
    ``is_in_timescale`` for the yes/no question and this only for the measure.
    """
    reviews = _held_reviews(entered_care, held_reviews)
    _check_review_date(review_date, entered_care, reviews)
    return max(0, working_days_between(latest_in_timescale(entered_care, reviews), review_date))
