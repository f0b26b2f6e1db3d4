"""Working-day calendar and local-time helpers for England.

Why this module exists: statutory review deadlines ("within 20 working days"),
report due dates ("3 working days before the meeting") and the "mean working
days late" statistic all count *working days*, which in England means Monday to
Friday excluding England and Wales bank holidays, including substitute days
(e.g. Christmas on a Saturday moves the holiday to the following Monday) and
one-off days such as the 2022 Platinum Jubilee, the 2022 state funeral and the
2023 Coronation. Getting these wrong silently mis-reports whether a child's
review happened on time, so every rule lives here, in one pure module.

Bank holidays come from the ``holidays`` package
(``holidays.country_holidays("GB", subdiv="ENG")``). Its own calendar expands
lazily year by year, but looking a date up in it is comparatively slow, and
this calendar is queried hundreds of thousands of times by the benchmark. So we
ask ``holidays`` once per year and cache two immutable views of that year: a
frozenset of bank holidays (for ``is_working_day``) and a sorted tuple of the
ordinals of all working days (so counting and adding working days is a binary
search rather than a day-by-day walk). Caches are keyed by year and unbounded;
there are at most 9999 years, and in practice a handful.

Future one-off bank holidays (a new coronation, say) are only known once the
``holidays`` package knows them; upgrading the package picks them up.

Times: the bot stores and compares aware UTC datetimes, but people live by the
wall clock in Europe/London. Every function that turns a moment into a local
date or a local clock time into a moment takes the timezone as a parameter
(default ``LONDON``) and refuses naive datetimes with a ``ValueError``, because
a naive datetime is exactly the bug that sends a child a message at 08:00
instead of 09:00 for half the year.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo

__all__ = [
    "CHILD_MESSAGE_WINDOW",
    "LONDON",
    "STAFF_MESSAGE_WINDOW",
    "MessageWindow",
    "add_working_days",
    "at_local",
    "bank_holidays",
    "is_bank_holiday",
    "is_within_hours",
    "is_working_day",
    "local_date",
    "next_allowed_moment",
    "next_working_day",
    "previous_working_day",
    "subtract_working_days",
    "working_day_on_or_after",
    "working_day_on_or_before",
    "working_days_between",
]

LONDON: Final[ZoneInfo] = ZoneInfo("Europe/London")
"""The timezone in which children and staff in England read their messages."""

_MIN_YEAR: Final = date.min.year
_MAX_YEAR: Final = date.max.year


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _require_date(value: object, name: str) -> None:
    """Insist on a plain ``date``.

    ``datetime`` is a subclass of ``date``, so without this check a UTC
    datetime would be silently treated as a London date, which is wrong for
    an hour every summer night. Callers must convert with ``local_date``.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{name} must be a date, got a naive datetime {value!r}; "
                "naive datetimes are ambiguous, use an aware datetime and local_date()"
            )
        raise ValueError(
            f"{name} must be a date, got the datetime {value!r}; "
            "convert it with local_date() so the local (London) date is used"
        )
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")


def _require_aware(value: object, name: str) -> None:
    """Insist on an aware ``datetime``: a naive one has no defined instant."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be an aware datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware, got naive datetime {value!r}; "
            "attach a timezone (e.g. datetime.now(UTC))"
        )


def _require_clock_time(value: object, name: str) -> None:
    """Insist on a wall-clock ``time`` without tzinfo: the zone is the ``tz`` argument."""
    if not isinstance(value, time):
        raise TypeError(f"{name} must be a datetime.time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise ValueError(
            f"{name} must be a local wall-clock time without tzinfo, got {value!r}; "
            "pass the timezone as tz instead"
        )


def _require_window(start: time, end: time) -> None:
    """Insist on a same-day window ``start < end``.

    Windows that wrap past midnight are not needed (children 09:00-19:00,
    staff 09:00-17:00) and would make "on a working day" ambiguous, so they
    are refused rather than half-supported.
    """
    _require_clock_time(start, "start")
    _require_clock_time(end, "end")
    if not start < end:
        raise ValueError(f"window start {start} must be before end {end}")


# --------------------------------------------------------------------------
# Bank holidays and working days
# --------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise OverflowError(f"year {year} is outside the range supported by datetime.date")


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, including substitute days.

    Cached per year because building the ``holidays`` calendar is far slower
    than a frozenset lookup. Note the set also contains the nominal date of a
    holiday that fell at a weekend (e.g. Sat 25 Dec 2021) as well as its
    substitute (Mon 27 Dec 2021); that is harmless for working-day purposes.
    """
    _check_year(year)
    import holidays  # here: a tenth of the bot's start-up, and needed only once a year

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.year == year)


@cache
def _working_ordinals(year: int) -> tuple[int, ...]:
    """Sorted ``date.toordinal()`` of every working day in ``year``.

    This is the index that makes counting and adding working days a binary
    search: the k-th working day of the year is simply element k.
    """
    closed = bank_holidays(year)
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    return tuple(
        ordinal
        for ordinal in range(first, last + 1)
        if ordinal % 7 not in (0, 6)  # ordinal % 7: 0 is Sunday, 6 is Saturday
        and date.fromordinal(ordinal) not in closed
    )


def is_bank_holiday(day: date) -> bool:
    """True if ``day`` is an England and Wales bank holiday (substitute days included)."""
    _require_date(day, "day")
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """True if ``day`` is Monday to Friday and not an England and Wales bank holiday."""
    _require_date(day, "day")
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def _nth_working_day_after(day: date, n: int) -> date:
    """The n-th working day strictly after ``day`` (n >= 1)."""
    year = day.year
    ordinals = _working_ordinals(year)
    # Working days <= day in this year, minus one, plus n gives the index.
    index = bisect_right(ordinals, day.toordinal()) - 1 + n
    while index >= len(ordinals):
        index -= len(ordinals)
        year += 1
        ordinals = _working_ordinals(year)
    return date.fromordinal(ordinals[index])


def _nth_working_day_before(day: date, n: int) -> date:
    """The n-th working day strictly before ``day`` (n >= 1)."""
    year = day.year
    ordinals = _working_ordinals(year)
    # Working days < day in this year, minus n gives the index.
    index = bisect_left(ordinals, day.toordinal()) - n
    while index < 0:
        year -= 1
        ordinals = _working_ordinals(year)
        index += len(ordinals)
    return date.fromordinal(ordinals[index])


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day`` (Fri -> Mon, Thu 24 Dec 2026 -> Tue 29th)."""
    _require_date(day, "day")
    return _nth_working_day_after(day, 1)


def previous_working_day(day: date) -> date:
    """The last working day strictly before ``day`` (Mon -> Fri)."""
    _require_date(day, "day")
    return _nth_working_day_before(day, 1)


def working_day_on_or_after(day: date) -> date:
    """``day`` itself if it is a working day, otherwise the next working day.

    Use this to roll a date that must be a working day forward, e.g. "the
    first working day on which this can happen".
    """
    return day if is_working_day(day) else _nth_working_day_after(day, 1)


def working_day_on_or_before(day: date) -> date:
    """``day`` itself if it is a working day, otherwise the previous working day.

    Use this to roll a deadline back so that it is not missed, e.g. a report
    due on a Sunday must in practice be in by the Friday.
    """
    return day if is_working_day(day) else _nth_working_day_before(day, 1)


def add_working_days(day: date, n: int) -> date:
    """The date ``n`` working days after ``day``; negative ``n`` counts back.

    Counting starts from the day after ``day`` whether or not ``day`` is
    itself a working day: Friday + 1 is Monday, and Saturday + 1 is also
    Monday. So for n > 0, ``working_days_between(day, add_working_days(day, n)) == n``;
    for n < 0 this also holds when ``day`` is a working day (counting back from
    a Saturday, the Friday is "1 working day before", yet no working day lies
    after the Friday up to the Saturday).

    n == 0 is a deliberate choice: it returns ``day`` if that is a working day,
    otherwise the next working day (``working_day_on_or_after``). "Zero
    working days after" a Saturday therefore means Monday: the earliest date
    on which something due "now" can be done.
    """
    _require_date(day, "day")
    if n > 0:
        return _nth_working_day_after(day, n)
    if n < 0:
        return _nth_working_day_before(day, -n)
    return working_day_on_or_after(day)


def subtract_working_days(day: date, n: int) -> date:
    """The date ``n`` working days before ``day``; negative ``n`` counts forward.

    This is how report deadlines are set: a report for a meeting on Tue
    29 Dec 2026 due 3 working days before is due Tue 22 Dec (25 and 28 Dec are
    bank holidays, 26-27 a weekend; 24, 23, 22 are the three days counted).

    n == 0 mirrors ``add_working_days`` in the direction of travel: it returns
    ``day`` if that is a working day, otherwise the *previous* working day
    (``working_day_on_or_before``), because a deadline "0 working days before"
    a Sunday meeting must be met by the Friday, not the Monday after.
    """
    _require_date(day, "day")
    if n > 0:
        return _nth_working_day_before(day, n)
    if n < 0:
        return _nth_working_day_after(day, -n)
    return working_day_on_or_before(day)


def _working_days_up_to(day: date) -> int:
    """Working days from 1 January of ``day.year`` up to and including ``day``."""
    return bisect_right(_working_ordinals(day.year), day.toordinal())


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end < start``.

    This is the "how many working days late" measure: a review due Friday and
    held the following Monday is 1 working day late; held on the due date, 0.
    It is antisymmetric (``between(a, b) == -between(b, a)``) and consistent
    with ``add_working_days``: ``between(d, add_working_days(d, n)) == n`` for n > 0
    (and for n < 0 when ``d`` is a working day).
    """
    _require_date(start, "start")
    _require_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    total = _working_days_up_to(end) - _working_days_up_to(start)
    for year in range(start.year, end.year):
        total += len(_working_ordinals(year))
    return total


# --------------------------------------------------------------------------
# Local time
# --------------------------------------------------------------------------


def local_date(moment: datetime, tz: ZoneInfo = LONDON) -> date:
    """The calendar date of the aware ``moment`` on the wall clock in ``tz``.

    23:30 UTC on 30 June is already 1 July in London, so a UTC date must never
    be used for working-day or deadline decisions.
    """
    _require_aware(moment, "moment")
    return moment.astimezone(tz).date()


def _localize(day: date, clock_time: time, tz: ZoneInfo, fold: int) -> datetime:
    """Wall-clock ``day clock_time`` in ``tz`` as aware UTC, using PEP 495 ``fold``."""
    return datetime.combine(day, clock_time.replace(fold=fold), tzinfo=tz).astimezone(UTC)


def at_local(day: date, clock_time: time, tz: ZoneInfo = LONDON) -> datetime:
    """The aware UTC instant at which the wall clock in ``tz`` shows ``clock_time`` on ``day``.

    09:00 London is 09:00 UTC in winter (GMT) and 08:00 UTC in summer (BST).

    Clock-change days, resolved so that a scheduled event is never lost and
    never sent early:

    * Spring forward (e.g. 29 Mar 2026, 01:00 GMT -> 02:00 BST): a wall time
      in the missing hour does not exist, so it is shifted forward by the
      length of the gap: 01:30 becomes 02:30 BST, i.e. 01:30 UTC.
    * Fall back (e.g. 25 Oct 2026, 02:00 BST -> 01:00 GMT): a wall time in the
      repeated hour happens twice; the *first* occurrence (still BST) is used:
      01:30 becomes 00:30 UTC.

    (Both are what ``zoneinfo`` does with ``fold=0``.)
    """
    _require_date(day, "day")
    _require_clock_time(clock_time, "clock_time")
    return _localize(day, clock_time, tz, fold=0)


def _inside(
    moment: datetime, start: time, end: time, tz: ZoneInfo, working_days_only: bool
) -> bool:
    """``is_within_hours`` without validation, for internal use on trusted values."""
    local = moment.astimezone(tz)
    if not start <= local.time() < end:
        return False
    return not working_days_only or is_working_day(local.date())


def is_within_hours(
    moment: datetime,
    start: time,
    end: time,
    tz: ZoneInfo = LONDON,
    *,
    working_days_only: bool,
) -> bool:
    """True if the wall clock in ``tz`` at ``moment`` is in ``[start, end)``.

    This is the quiet-hours rule: a message may go out only if this is true.
    ``start`` is inclusive and ``end`` exclusive, so 09:00-19:00 allows 09:00
    but not 19:00. With ``working_days_only`` the local date must also be a
    working day (staff are not messaged at weekends or on bank holidays).
    ``working_days_only`` is keyword-only and has no default so that each
    caller states which audience it is serving.
    """
    _require_aware(moment, "moment")
    _require_window(start, end)
    return _inside(moment, start, end, tz, working_days_only)


def _first_instant_at_or_after_wall(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The earliest instant on ``day`` at which the wall clock in ``tz`` reads >= ``wall``.

    Normally that is ``wall`` itself (first occurrence on a fall-back day). If
    ``wall`` falls in a spring-forward gap it never appears on the clock; the
    earliest instant past it is the clock change itself, which we find by
    bisecting (to the second) between the two PEP 495 readings of ``wall``.
    """
    early = _localize(day, wall, tz, fold=0)
    target = datetime.combine(day, wall)
    if _wall_clock(early, tz) == target:
        return early
    # In a gap: fold=1 reads wall with the post-change offset, giving an
    # instant *before* the change whose clock is < wall; fold=0 (``early``)
    # gives an instant after the change whose clock is > wall. Clock changes
    # happen on whole seconds, so bisect on POSIX seconds between the two.
    low = math.floor(_localize(day, wall, tz, fold=1).timestamp())
    high = math.ceil(early.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _wall_clock(datetime.fromtimestamp(middle, UTC), tz) >= target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _wall_clock(moment: datetime, tz: ZoneInfo) -> datetime:
    """The naive wall-clock reading in ``tz`` at the aware ``moment``."""
    return moment.astimezone(tz).replace(tzinfo=None, fold=0)


_SEARCH_DAYS: Final = 366
"""Upper bound on days scanned for a window; England never has >10 closed days in a row."""


def next_allowed_moment(
    moment: datetime,
    start: time,
    end: time,
    tz: ZoneInfo = LONDON,
    *,
    working_days_only: bool,
) -> datetime:
    """The earliest aware-UTC instant >= ``moment`` that ``is_within_hours`` allows.

    If ``moment`` is already allowed it is returned unchanged (converted to
    UTC). Otherwise the answer is when the window next opens: ``start`` later
    the same local day, or ``start`` on the next allowed day (the next working
    day if ``working_days_only``). This is how queued messages are deferred
    past quiet hours: a staff reminder raised at 17:30 on Thu 24 Dec 2026 goes
    out at 09:00 on Tue 29 Dec.

    Clock changes are handled on the wall clock: the window opens at ``start``
    local time whatever the UTC offset, so 09:00 is 09:00 UTC in winter and
    08:00 UTC in summer. On a fall-back day, if the window starts in the
    repeated hour and ``moment`` is past its first occurrence, the second
    occurrence is used; if ``start`` falls in a spring-forward gap, the window
    opens at the clock change.
    """
    _require_aware(moment, "moment")
    _require_window(start, end)
    if _inside(moment, start, end, tz, working_days_only):
        return moment.astimezone(UTC)
    day = moment.astimezone(tz).date()
    for _ in range(_SEARCH_DAYS):
        if working_days_only and not is_working_day(day):
            day = _nth_working_day_after(day, 1)
        first = _localize(day, start, tz, fold=0)
        second = _localize(day, start, tz, fold=1)
        if first == second:
            # The usual case: ``start`` occurs exactly once on this day, so the
            # window opens then, and the day is already known to be allowed.
            if first >= moment:
                return first
        else:
            # Clock-change day with ``start`` in the gap or the repeated hour.
            candidates = (_first_instant_at_or_after_wall(day, start, tz), second)
            allowed = [
                candidate
                for candidate in candidates
                if candidate >= moment and _inside(candidate, start, end, tz, working_days_only)
            ]
            if allowed:
                return min(allowed)
        day += timedelta(days=1)
    raise RuntimeError(  # pragma: no cover - unreachable with a real calendar
        f"no allowed moment within {_SEARCH_DAYS} days of {moment.isoformat()}"
    )


# --------------------------------------------------------------------------
# The two audiences' quiet-hours windows
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageWindow:
    """A daily window in which messages may be sent, as a value callers can pass around.

    Bundles the three parameters of ``is_within_hours``/``next_allowed_moment``
    so an audience's rule is defined once (see ``CHILD_MESSAGE_WINDOW`` and
    ``STAFF_MESSAGE_WINDOW``) rather than repeated at every call site.
    """

    start: time
    end: time
    working_days_only: bool

    def __post_init__(self) -> None:
        _require_window(self.start, self.end)

    def contains(self, moment: datetime, tz: ZoneInfo = LONDON) -> bool:
        """True if a message may be sent at ``moment``."""
        return is_within_hours(
            moment, self.start, self.end, tz, working_days_only=self.working_days_only
        )

    def next_allowed(self, moment: datetime, tz: ZoneInfo = LONDON) -> datetime:
        """The earliest aware-UTC instant >= ``moment`` at which a message may be sent."""
        return next_allowed_moment(
            moment, self.start, self.end, tz, working_days_only=self.working_days_only
        )


CHILD_MESSAGE_WINDOW: Final = MessageWindow(time(9), time(19), working_days_only=False)
"""Children are messaged 09:00-19:00 local time, any day including weekends and holidays."""

STAFF_MESSAGE_WINDOW: Final = MessageWindow(time(9), time(17), working_days_only=True)
"""Staff are messaged 09:00-17:00 local time, on working days only."""
