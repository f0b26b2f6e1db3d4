"""The planner: from each review, every notification it needs, as rows.

``derive`` is a pure function of a review's facts and the time: it lists the
notifications the review needs (who, what, when, and when each is overtaken)
under these rules:

* the child: My Review opens 10 working days before the meeting (or at once
  when the review is scheduled later), gentle nudges 5 and 2 working days
  before while it is not sent, and "your meeting is tomorrow"; at most one a
  day, 09:00-19:00 (planned for 16:00, after school);
* the social worker: the report is due 3 working days before the meeting;
  reminders at 09:00 five working days before the due day, one before, on the
  day, and every working day after while it is overdue, plus "remind me
  tomorrow";
* the IRO: told at 12:00 on the due day if the report is not shared; asked
  after the meeting whether it was held; then reminded of the decisions (5
  working days) and the record (20), each until done;
* staff: a digest every Monday at 09:00.

``reconcile`` turns that list into rows. The idempotency key is the review,
the kind and the step (its local date, or "once"): planning twice finds the
same keys and changes nothing; a moved review gets new keys for new dates and
its old pending rows are cancelled; a sent row is never touched again.

Rows are written for the next ``HORIZON`` (8 days); ``sweep`` (run by the
dispatcher once a day, and by ``myreview reminders plan``) rolls the horizon
forward. Everything due in the next 8 days is always a row, and a year of
reviews does not have to be a million rows (see bench/bench_reminders.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot.calendar import notification_kinds as kinds
from bot.calendar.deadlines import (
    CHILD_NUDGE_WORKING_DAYS_BEFORE,
    CONSULTATION_OPENS_WORKING_DAYS_BEFORE,
    HELD,
    SCHEDULED,
    SW_FIRST_REMINDER_WORKING_DAYS_BEFORE_DUE,
    decisions_due_date,
    record_due_date,
    report_due_date,
)
from bot.calendar.workdays import (
    CHILD_MESSAGE_WINDOW,
    LONDON,
    STAFF_MESSAGE_WINDOW,
    at_local,
    local_date,
    next_working_day,
    subtract_working_days,
)
from messages import reminders as words
from models import Consultation, Notification, Person, Review, Setting
from models.reminders import CANCELLED, PENDING, SUPERSEDED

log = logging.getLogger(__name__)

HORIZON: Final = timedelta(days=8)
"""Rows exist for every notification due within this far ahead."""
RESWEEP: Final = timedelta(days=1)
"""Sweep again once the planned horizon is this much shorter than ``HORIZON``."""
PLANNED_UNTIL: Final = "reminders_planned_until"
"""The ``Setting`` that says how far ahead the last sweep planned."""
REACH_BEFORE: Final = timedelta(days=28)
"""No notification is due earlier than this before its meeting (10 working days + holidays)."""
REACH_AFTER: Final = timedelta(days=45)
"""...nor later than this after it (the record, 20 working days + holidays)."""
CHUNK: Final = 2000

CHILD_TIME: Final = time(16)
"""Children hear from the bot after school."""
STAFF_TIME: Final = time(9)
IRO_LATE_TIME: Final = time(12)
HELD_CHECK_AFTER: Final = timedelta(hours=2)
DIGEST_WEEKS_AHEAD: Final = 4

CONSULTATION_OPEN = ("not_started", "in_progress", "sent")
"""Consultation states with a child to message (not "not_applicable": under 4)."""


# --- what a review needs --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """Everything the rules look at, read in one query for many reviews at once."""

    review_id: int
    status: str
    scheduled_at: datetime
    created_at: datetime
    child_id: int
    child_active: bool
    iro_id: int
    iro_active: bool
    social_worker_id: int | None
    social_worker_active: bool | None
    consultation: str | None
    report_shared_at: datetime | None
    report_snoozed_until: date | None
    held_at: datetime | None
    decisions_done_at: datetime | None
    record_done_at: datetime | None


@dataclass(frozen=True, slots=True)
class Planned:
    """One notification the review needs."""

    key: str
    kind: str
    review_id: int | None
    recipient_id: int
    due_at: datetime
    expires_at: datetime | None


@dataclass(slots=True)
class Plan:
    wanted: dict[str, Planned] = field(default_factory=dict)
    overtaken: set[str] = field(default_factory=set)
    """Keys whose moment has passed and been overtaken by a later step (or the meeting)."""


@dataclass(frozen=True, slots=True)
class _Step:
    kind: str
    moment: datetime
    day: date
    label: str
    rank: int
    """Lower wins when two steps of a series fall on the same local day."""
    cap: datetime | None = None
    """Overtaken at this moment at the latest, whatever comes next."""


@dataclass(frozen=True, slots=True)
class _MeetingDay:
    child: tuple[_Step, ...]
    social_worker: tuple[_Step, ...]
    iro_late: _Step


@dataclass(frozen=True, slots=True)
class _HeldDay:
    decisions: tuple[_Step, ...]
    record: tuple[_Step, ...]


@lru_cache(maxsize=65536)
def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return at_local(day, clock, zone)


def _step(
    kind: str, day: date, clock: time, zone: ZoneInfo, rank: int, once: bool = False
) -> _Step:
    return _Step(kind, _at(day, clock, zone), day, "once" if once else day.isoformat(), rank)


@lru_cache(maxsize=8192)
def _meeting_day(day: date, zone: ZoneInfo) -> _MeetingDay:
    """The steps that depend only on the meeting's date (shared by every meeting that day)."""
    nudge_5, nudge_2 = CHILD_NUDGE_WORKING_DAYS_BEFORE
    opens = subtract_working_days(day, CONSULTATION_OPENS_WORKING_DAYS_BEFORE)
    tomorrow = _step(kinds.CHILD_TOMORROW, day - timedelta(days=1), CHILD_TIME, zone, 1)
    child = (
        _step(kinds.CHILD_OPEN, opens, CHILD_TIME, zone, 0, once=True),
        _step(kinds.CHILD_NUDGE_5, subtract_working_days(day, nudge_5), CHILD_TIME, zone, 3),
        _step(kinds.CHILD_NUDGE_2, subtract_working_days(day, nudge_2), CHILD_TIME, zone, 2),
        # "Tomorrow" is wrong once the day of the meeting has begun.
        replace(tomorrow, cap=_at(day, time(0), zone)),
    )
    due = report_due_date(day)
    first = subtract_working_days(due, SW_FIRST_REMINDER_WORKING_DAYS_BEFORE_DUE)
    social_worker = [
        _step(kinds.SW_REPORT_5_DAYS, first, STAFF_TIME, zone, 3),
        _step(kinds.SW_REPORT_1_DAY, subtract_working_days(due, 1), STAFF_TIME, zone, 2),
        _step(kinds.SW_REPORT_DUE, due, STAFF_TIME, zone, 1),
    ]
    overdue = next_working_day(due)
    while overdue <= day:  # the meeting's own day too, if it starts after 09:00
        social_worker.append(_step(kinds.SW_REPORT_OVERDUE, overdue, STAFF_TIME, zone, 0))
        overdue = next_working_day(overdue)
    iro_late = _step(kinds.IRO_REPORT_LATE, due, IRO_LATE_TIME, zone, 0)
    return _MeetingDay(child, tuple(social_worker), iro_late)


@lru_cache(maxsize=65536)
def _held_check(meeting: datetime, zone: ZoneInfo) -> _Step:
    """Asking the IRO whether the meeting was held: two hours after it, in staff hours."""
    check = STAFF_MESSAGE_WINDOW.next_allowed(meeting + HELD_CHECK_AFTER, zone)
    return _Step(kinds.IRO_HELD_CHECK, check, local_date(check, zone), "once", 0)


@lru_cache(maxsize=8192)
def _held_day(day: date, zone: ZoneInfo) -> _HeldDay:
    decisions = decisions_due_date(day)
    record = record_due_date(day)
    return _HeldDay(
        (
            _step(
                kinds.IRO_DECISIONS_SOON, subtract_working_days(decisions, 1), STAFF_TIME, zone, 1
            ),
            _step(kinds.IRO_DECISIONS_DUE, decisions, STAFF_TIME, zone, 0),
        ),
        (
            _step(kinds.IRO_RECORD_SOON, subtract_working_days(record, 5), STAFF_TIME, zone, 1),
            _step(kinds.IRO_RECORD_DUE, record, STAFF_TIME, zone, 0),
        ),
    )


def _moment(step: _Step) -> datetime:
    return step.moment


def _series(
    plan: Plan,
    review_id: int,
    recipient_id: int,
    steps: Sequence[_Step],
    end: datetime | None,
    now: datetime,
    until: datetime | None,
) -> None:
    """Add one person's series: one step a day at most, each overtaken by the next."""
    if not steps:
        return
    if len({step.day for step in steps}) == len(steps):
        kept = sorted(steps, key=_moment)  # the usual case: one step a day already
    else:
        by_day: dict[date, _Step] = {}
        for step in steps:
            other = by_day.get(step.day)
            if other is None or step.rank < other.rank:
                by_day[step.day] = step
        kept = sorted(by_day.values(), key=_moment)
    last = len(kept) - 1
    for index, step in enumerate(kept):
        expires = end
        if index < last:
            following = kept[index + 1].moment
            expires = following if expires is None else min(expires, following)
        if step.cap is not None:
            expires = step.cap if expires is None else min(expires, step.cap)
        if until is not None and step.moment > until:
            continue
        key = f"r{review_id}:{step.kind}:{step.label}"
        if expires is not None and expires <= now:
            plan.overtaken.add(key)
        else:
            plan.wanted[key] = Planned(
                key, step.kind, review_id, recipient_id, step.moment, expires
            )


def derive(
    facts: ReviewFacts, now: datetime, zone: ZoneInfo = LONDON, until: datetime | None = None
) -> Plan:
    """The notifications ``facts`` needs as of ``now``.

    ``until`` leaves out steps due after it (for planning many fresh reviews at
    once); without it the plan is complete, which re-checking a row needs.
    """
    plan = Plan()
    if not facts.child_active:
        return plan
    review_id = facts.review_id
    meeting = facts.scheduled_at
    if until is not None and facts.status == SCHEDULED and meeting - REACH_BEFORE > until:
        return plan  # nothing of this review is due that soon
    if facts.status == SCHEDULED:
        day = _meeting_day(local_date(meeting, zone), zone)
        if facts.consultation in CONSULTATION_OPEN:
            child_steps = []
            for step in day.child:
                if step.moment >= meeting:
                    continue
                if step.kind == kinds.CHILD_OPEN:
                    if facts.consultation != "not_started":
                        continue
                    if facts.created_at > step.moment:
                        # Scheduled later than 10 working days ahead: My Review opens at once.
                        moment = CHILD_MESSAGE_WINDOW.next_allowed(facts.created_at, zone)
                        if moment >= meeting:
                            continue
                        step = _Step(step.kind, moment, local_date(moment, zone), "once", 0)
                elif step.kind != kinds.CHILD_TOMORROW and facts.consultation == "sent":
                    continue
                child_steps.append(step)
            _series(plan, review_id, facts.child_id, child_steps, meeting, now, until)
        if facts.report_shared_at is None:
            sw_id = facts.social_worker_id
            if sw_id is not None and facts.social_worker_active:
                sw_steps = [s for s in day.social_worker if s.moment < meeting]
                snoozed = facts.report_snoozed_until
                if snoozed is not None:
                    extra = _step(kinds.SW_REPORT_SNOOZED, snoozed, STAFF_TIME, zone, 9)
                    if extra.moment < meeting:
                        sw_steps.append(extra)
                _series(plan, review_id, sw_id, sw_steps, meeting, now, until)
            if facts.iro_active and day.iro_late.moment < meeting:
                _series(plan, review_id, facts.iro_id, [day.iro_late], meeting, now, until)
        if facts.iro_active:
            _series(plan, review_id, facts.iro_id, [_held_check(meeting, zone)], None, now, until)
    elif facts.status == HELD and facts.iro_active:
        held = _held_day(local_date(facts.held_at or meeting, zone), zone)
        if facts.decisions_done_at is None:
            _series(plan, review_id, facts.iro_id, held.decisions, None, now, until)
        if facts.record_done_at is None:
            _series(plan, review_id, facts.iro_id, held.record, None, now, until)
    return plan


# --- reading the facts ----------------------------------------------------------------


def facts_query() -> Select[Any]:
    """One row per review with everything ``derive`` needs."""
    child = aliased(Person)
    social_worker = aliased(Person)
    iro = aliased(Person)
    return (
        sa_select(
            Review.id,
            Review.status,
            Review.scheduled_at,
            Review.created_at,
            Review.child_id,
            child.active,
            Review.iro_id,
            iro.active,
            child.social_worker_id,
            social_worker.active,
            Consultation.status,
            Review.report_shared_at,
            Review.report_snoozed_until,
            Review.held_at,
            Review.decisions_done_at,
            Review.record_done_at,
        )
        .join(child, child.id == Review.child_id)
        .join(iro, iro.id == Review.iro_id)
        .outerjoin(social_worker, social_worker.id == child.social_worker_id)
        .outerjoin(Consultation, col(Consultation.review_id) == Review.id)
    )


def facts_for(session: Session, review_id: int) -> ReviewFacts | None:
    row = session.exec(facts_query().where(Review.id == review_id)).first()  # type: ignore[call-overload]
    return ReviewFacts(*row) if row is not None else None


def _facts_chunks(session: Session, which: Select[Any]) -> Iterator[list[ReviewFacts]]:
    """The facts of the reviews ``which`` selects (their ids), ``CHUNK`` at a time, so
    memory stays flat at any size and each chunk is read by primary key."""
    connection = session.connection()  # Core rows: no ORM bookkeeping for plain columns
    ids = connection.execute(which.order_by(Review.id)).scalars().all()
    query = facts_query()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = connection.execute(query.where(col(Review.id).in_(chunk))).all()
        yield [ReviewFacts(*row) for row in rows]


# --- writing rows ----------------------------------------------------------------------


@dataclass
class Reconciled:
    """What a planning run did (or, with ``write=False``, would do)."""

    reviews: int = 0
    inserted: int = 0
    updated: int = 0
    cancelled: int = 0
    superseded: int = 0
    digests: int = 0
    new_rows: list[Planned] = field(default_factory=list)
    """Rows that were (or would be) added: kept only when asked, for the dry run."""

    def add(self, other: Reconciled) -> None:
        self.reviews += other.reviews
        self.inserted += other.inserted
        self.updated += other.updated
        self.cancelled += other.cancelled
        self.superseded += other.superseded
        self.digests += other.digests
        self.new_rows += other.new_rows

    def as_dict(self) -> dict[str, int]:
        return {
            "reviews": self.reviews,
            "inserted": self.inserted,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "superseded": self.superseded,
            "digests": self.digests,
        }


@dataclass(frozen=True, slots=True)
class _Existing:
    id: int
    key: str
    kind: str
    status: str
    due_at: datetime
    expires_at: datetime | None
    recipient_id: int


TABLE: Final = Notification.__table__  # type: ignore[attr-defined]
"""Bulk writes go through the Core table: no ORM bookkeeping per row."""


def _insert(session: Session) -> Any:
    """INSERT ... ON CONFLICT (key) DO NOTHING, so two planners never collide."""
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    return make(TABLE).on_conflict_do_nothing(index_elements=["key"])


def insert_rows(session: Session, rows: Iterable[Planned], now: datetime) -> int:
    """Add rows that do not exist yet; an existing key is left exactly as it is."""
    values = [
        {
            "key": p.key,
            "kind": p.kind,
            "review_id": p.review_id,
            "recipient_id": p.recipient_id,
            "due_at": p.due_at,
            "expires_at": p.expires_at,
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
        }
        for p in rows
    ]
    if values:
        session.exec(_insert(session), params=values)
    return len(values)


def _set_status(session: Session, ids: list[int], status: str, reason: str) -> None:
    for start in range(0, len(ids), 500):
        session.exec(
            update(TABLE)
            .where(TABLE.c.id.in_(ids[start : start + 500]))
            .where(TABLE.c.status == PENDING)
            .values(status=status, last_error=reason)
        )


def reconcile(
    session: Session,
    facts: Sequence[ReviewFacts],
    now: datetime,
    until: datetime,
    zone: ZoneInfo = LONDON,
    *,
    write: bool = True,
    keep_new_rows: bool = False,
) -> Reconciled:
    """Make the rows of these reviews match what they need now (idempotent)."""
    done = Reconciled(reviews=len(facts))
    if not facts:
        return done
    ids = [f.review_id for f in facts]
    existing: dict[int, dict[str, _Existing]] = {}
    query = sa_select(
        Notification.review_id,
        Notification.id,
        Notification.key,
        Notification.kind,
        Notification.status,
        Notification.due_at,
        Notification.expires_at,
        Notification.recipient_id,
    ).where(col(Notification.review_id).in_(ids))
    wanted_ids = set(ids)
    for review_id, *rest in session.exec(query):  # type: ignore[call-overload]
        row = _Existing(*rest)
        if review_id in wanted_ids and row.kind in kinds.PLANNED:
            existing.setdefault(review_id, {})[row.key] = row
    inserts: list[Planned] = []
    updates: list[dict[str, Any]] = []
    cancel: list[int] = []
    supersede: list[int] = []
    for item in facts:
        rows = existing.get(item.review_id)
        # A review with no rows yet only needs what falls inside the horizon.
        plan = derive(item, now, zone, until=None if rows else until)
        if not rows:
            inserts += [p for p in plan.wanted.values() if p.due_at <= until]
            continue
        for key, p in plan.wanted.items():
            row = rows.get(key)
            if row is None:
                if p.due_at <= until:
                    inserts.append(p)
            elif row.status == PENDING:
                if _changed(row, p, now):
                    updates.append(_update_values(row, p))
            elif row.status in (CANCELLED, SUPERSEDED) and p.due_at <= until:
                updates.append(_update_values(row, p))  # wanted again: the review moved back
        for key, row in rows.items():
            if row.status == PENDING and key not in plan.wanted:
                (supersede if key in plan.overtaken else cancel).append(row.id)
    done.inserted = len(inserts)
    done.updated = len(updates)
    done.cancelled = len(cancel)
    done.superseded = len(supersede)
    if keep_new_rows:
        done.new_rows = inserts
    if not write:
        return done
    insert_rows(session, inserts, now)
    if updates:
        session.exec(
            update(TABLE)
            .where(TABLE.c.id == bindparam("row_id"))
            .values(
                status=PENDING,
                due_at=bindparam("new_due_at"),
                expires_at=bindparam("new_expires_at"),
                recipient_id=bindparam("new_recipient_id"),
                last_error=None,
            ),
            params=updates,
        )
    _set_status(session, cancel, CANCELLED, words.NOT_NEEDED)
    _set_status(session, supersede, SUPERSEDED, words.OVERTAKEN)
    return done


def _changed(row: _Existing, planned: Planned, now: datetime) -> bool:
    if row.recipient_id != planned.recipient_id or row.expires_at != planned.expires_at:
        return True
    if row.due_at == planned.due_at:
        return False
    # A row the dispatcher deferred past quiet hours keeps its later moment.
    return not (planned.due_at <= now and row.due_at >= planned.due_at)


def _update_values(row: _Existing, planned: Planned) -> dict[str, Any]:
    return {
        "row_id": row.id,
        "new_due_at": planned.due_at,
        "new_expires_at": planned.expires_at,
        "new_recipient_id": planned.recipient_id,
    }


# --- planning one review, and the sweep --------------------------------------------------


def planned_until(session: Session) -> datetime | None:
    row = session.get(Setting, PLANNED_UNTIL)
    return datetime.fromisoformat(row.value) if row is not None else None


def replan_review(
    session: Session, now: datetime, review: Review | int, zone: ZoneInfo = LONDON
) -> Reconciled:
    """Re-derive one review's rows: call it whenever a review or its report changes."""
    review_id = review if isinstance(review, int) else review.id
    assert review_id is not None
    session.flush()
    facts = facts_for(session, review_id)
    if facts is None:
        return Reconciled()
    swept = planned_until(session)
    until = max(now + HORIZON, swept) if swept is not None else now + HORIZON
    return reconcile(session, [facts], now, until, zone)


def replan_reviews_of(
    session: Session, now: datetime, person_id: int, zone: ZoneInfo = LONDON
) -> Reconciled:
    """Every open review a person is part of (after they come back, or change)."""
    child = aliased(Person)
    ids = session.exec(  # type: ignore[call-overload]
        sa_select(Review.id)
        .join(child, child.id == Review.child_id)
        .where(col(Review.status).in_((SCHEDULED, HELD)))
        .where(Review.scheduled_at >= now - REACH_AFTER)
        .where(
            or_(
                Review.child_id == person_id,
                Review.iro_id == person_id,
                child.social_worker_id == person_id,
            )
        )
    ).all()
    done = Reconciled()
    for (review_id,) in ids:
        done.add(replan_review(session, now, review_id, zone))
    return done


def _remember_planned_until(session: Session, until: datetime) -> None:
    """Upsert the ``Setting``: two dispatchers sweeping at once must not collide."""
    table = Setting.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = make(table).values(key=PLANNED_UNTIL, value=until.isoformat())
    session.exec(
        statement.on_conflict_do_update(index_elements=["key"], set_={"value": until.isoformat()})
    )
    session.expire_all()


def needs_sweep(session: Session, now: datetime) -> bool:
    swept = planned_until(session)
    return swept is None or swept < now + HORIZON - RESWEEP


def sweep(
    session: Session,
    now: datetime,
    zone: ZoneInfo = LONDON,
    *,
    everything: bool = False,
    write: bool = True,
    keep_new_rows: bool = False,
    horizon: timedelta = HORIZON,
) -> Reconciled:
    """Roll the horizon forward: plan every review with anything due before ``now + HORIZON``.

    ``everything`` derives every review whatever its date (``myreview reminders
    plan --all``, and the benchmark); the usual sweep only reads the reviews
    whose meeting is close enough to have something due.
    """
    until = now + horizon
    which = sa_select(Review.id).where(col(Review.status).in_((SCHEDULED, HELD)))
    if not everything:
        which = which.where(Review.scheduled_at >= now - REACH_AFTER).where(
            Review.scheduled_at <= until + REACH_BEFORE
        )
    done = Reconciled()
    for chunk in _facts_chunks(session, which):
        done.add(
            reconcile(session, chunk, now, until, zone, write=write, keep_new_rows=keep_new_rows)
        )
    digests = digest_rows(session, now, until, zone)
    done.digests = len(digests)
    if keep_new_rows:
        done.new_rows += digests
    if write:
        insert_rows(session, digests, now)
        _remember_planned_until(session, until)
    log.info("planned %s reviews until %s: %s", done.reviews, until.isoformat(), done.as_dict())
    return done


def digest_rows(
    session: Session, now: datetime, until: datetime, zone: ZoneInfo = LONDON
) -> list[Planned]:
    """The Monday digests due by ``until``, for every active IRO and social worker."""
    today = local_date(now, zone)
    monday = today - timedelta(days=today.weekday())
    moments = []
    while True:
        due = STAFF_MESSAGE_WINDOW.next_allowed(_at(monday, STAFF_TIME, zone), zone)
        if due > until:
            break
        expires = _at(monday + timedelta(days=7), time(0), zone)
        if expires > now:
            moments.append((monday, due, expires))
        monday += timedelta(days=7)
    if not moments:
        return []
    staff = session.exec(  # type: ignore[call-overload]
        sa_select(Person.id)
        .where(col(Person.role).in_(("iro", "social_worker")))
        .where(col(Person.active).is_(True))
    ).all()
    return [
        Planned(digest_key(person_id, week), kinds.STAFF_DIGEST, None, person_id, due, expires)
        for week, due, expires in moments
        for (person_id,) in staff
    ]


def digest_key(person_id: int, monday: date) -> str:
    return f"digest:{monday.isoformat()}:{person_id}"
