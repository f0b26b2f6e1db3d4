"""The dispatcher: one pass claims the notifications that are due, sends them, and
records what happened. ``myreview run`` runs a pass every minute (PTB's JobQueue);
``myreview reminders run`` runs one from the command line.

Exactly once. Rows are claimed a batch at a time (``BATCH``, under a second of
Telegram's rate) in one short transaction, by moving them from ``pending`` to
``sending``, before Telegram is called; only a ``pending`` row is ever claimed.
What happened to the batch is recorded in one transaction after it is sent. So:

* a second pass finds the row ``sent`` (or ``sending``) and leaves it;
* two dispatchers never claim the same row: PostgreSQL hands each one
  different rows (``SELECT ... FOR UPDATE SKIP LOCKED``); SQLite, which has one
  writer at a time, claims with a single compare-and-set ``UPDATE``;
* a pass that stops early (Telegram says wait, an error, a shutdown, even while
  claiming) records what was sent and puts back the claims it never tried, as they
  were; only the one being sent at that moment stays ``sending``. If recording the
  batch fails, each row is recorded alone, so only a faulty row stays in doubt;
* a claiming transaction decides at most ``EXAMINED`` rows, deferred and cancelled
  ones included, so the write lock is never held for long;
* a hard crash (the process killed) leaves at most one batch in ``sending``.
  Whether Telegram got each cannot be known, so none is sent again: after
  ``LEASE`` they are marked failed and the operator's log says so. A
  safeguarding alert is always claimed on its own, never in doubt with others.
  Rows not yet claimed are simply claimed by the next pass.

Before a row is sent it is checked again against the review as it is now (the
planner's ``derive``): a reminder overtaken by a later one is superseded (no
"due tomorrow" after the deadline), one no longer needed is cancelled, and one
outside its audience's hours is deferred to the next allowed moment (catch-up
after downtime happens then). Children get at most one message a day.

Errors: the rate limiter waits and retries on 429 as Telegram says; if Telegram
still says 429 the row waits that long and the pass stops. Network errors and
5xx are retried with backoff, and after the last attempt the IRO is told. 403
marks the person unreachable and tells the IRO.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar import notification_kinds as kinds
from bot.calendar import planner
from bot.calendar.workdays import (
    CHILD_MESSAGE_WINDOW,
    LONDON,
    STAFF_MESSAGE_WINDOW,
    MessageWindow,
    at_local,
    local_date,
)
from bot.outbox.compose import render_notification
from bot.outbox.sender import Blocked, RateLimited, Rejected, Sender, Temporary
from bot.people.addresses import address_of
from bot.platform import handled, metrics
from bot.platform.db import refresh_statistics
from bot.platform.runtime import Runtime
from bot.reminders.message import (
    Message,
    Subject,
    forget_subjects,
    load_subject,
    read_subjects,
)
from bot.reminders.reachability import mark_unreachable
from bot.reminders.texts import WOULD_LIST, digest_would_list, read_digest_lists
from bot.safeguarding import alerts as safeguarding
from messages import reminders as words
from models import Notification, Person, Review
from models.reminders import CANCELLED, FAILED, PENDING, SENDING, SENT, SUPERSEDED

log = logging.getLogger(__name__)

BATCH: Final = 20
"""Rows claimed, and then recorded, in one transaction: under a second of Telegram's
30 messages/s, so a crash leaves at most this many in doubt."""
EXAMINED: Final = 100
"""Rows decided in one claiming transaction at most, whatever is decided for them."""
LEASE: Final = timedelta(minutes=10)
"""A row still ``sending`` this long after its claim was interrupted by a crash."""
MAX_ATTEMPTS: Final = 5
BACKOFF: Final = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)
TABLE: Final = Notification.__table__  # type: ignore[attr-defined]

SEND = "send"
DEFER = "defer"
SUPERSEDE = "supersede"
CANCEL = "cancel"
# What a real pass did, beyond deciding.
DONE = {SEND: "sent", DEFER: "deferred", SUPERSEDE: "superseded", CANCEL: "cancelled"}
RETRY = "retry"
FAIL = "failed"


def default_worker() -> str:
    """Who claimed a row: host, process and pass, for the operator's log."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Outcome:
    """One row of the pass: what goes (or went) to whom, and why."""

    notification_id: int | None
    kind: str
    action: str
    due_at: datetime
    recipient_id: int
    recipient_role: str
    recipient_name: str
    review_id: int | None
    child_id: int | None
    child_name: str | None
    why: str
    detail: str = ""
    until: datetime | None = None
    dates: dict[str, str] = field(default_factory=dict)
    """Each date ``why`` mentions, in ISO 8601, for scripts: ``meeting``, ``due``."""

    @property
    def what(self) -> str:
        return words.WHAT.get(self.kind, self.kind)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.notification_id,
            "kind": self.kind,
            "action": self.action,
            "what": self.what,
            "why": self.why,
            "detail": self.detail or None,
            "due_at": self.due_at.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "to": {
                "id": self.recipient_id,
                "role": self.recipient_role,
                "name": self.recipient_name,
            },
            "dates": self.dates,
            "review": self.review_id,
            "child": (
                {"id": self.child_id, "name": self.child_name}
                if self.child_id is not None
                else None
            ),
        }


@dataclass
class PassReport:
    now: datetime
    dry_run: bool
    worker: str
    outcomes: list[Outcome] = field(default_factory=list)
    planned: dict[str, int] | None = None
    interrupted: int = 0
    stopped_for: float | None = None
    """Seconds Telegram asked us to wait (429) when the pass stopped early."""

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for outcome in self.outcomes:
            found[outcome.action] = found.get(outcome.action, 0) + 1
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "dry_run": self.dry_run,
            "worker": self.worker,
            "counts": self.counts(),
            "planned": self.planned,
            "interrupted": self.interrupted,
            "stopped_for_seconds": self.stopped_for,
            "notifications": [o.as_json() for o in self.outcomes],
        }


@dataclass
class Decision:
    action: str
    recipient: Person | None
    subject: Subject
    reason: str = ""
    until: datetime | None = None
    message: Message | None = None


@dataclass
class _Claim:
    row_id: int
    chat_id: int
    message: Message
    outcome: Outcome


# --- deciding ----------------------------------------------------------------------


def _window(person: Person) -> MessageWindow:
    return CHILD_MESSAGE_WINDOW if person.role == "child" else STAFF_MESSAGE_WINDOW


def _cancel_reason(subject: Subject, row: Notification, recipient: Person | None) -> str:
    review, child = subject.review, subject.child
    if review is None or review.status == timing.CANCELLED:
        return words.REVIEW_CANCELLED
    if child is None or not child.active or (recipient is not None and not recipient.active):
        return words.DEACTIVATED
    if row.kind in kinds.SW_REPORT_KINDS or row.kind == kinds.IRO_REPORT_LATE:
        if review.report_shared_at is not None:
            return words.REPORT_ALREADY_SHARED
        if review.status == timing.HELD:
            return words.REVIEW_HELD
    if row.kind in kinds.CHILD_KINDS and subject.consultation is not None:
        if subject.consultation.status == "sent":
            return words.MY_REVIEW_SENT
        if row.kind == kinds.CHILD_OPEN and subject.consultation.status == "in_progress":
            return words.MY_REVIEW_STARTED
    return words.NOT_NEEDED


def _had_message_today(
    session: Session, row: Notification, person: Person, now: datetime, zone: ZoneInfo
) -> bool:
    start = at_local(local_date(now, zone), time(0), zone)
    query = (
        select(Notification.id)
        .where(Notification.recipient_id == person.id)
        .where(col(Notification.status).in_((SENT, SENDING)))
        .where(col(Notification.claimed_at) >= start)
    )
    if row.id is not None:
        query = query.where(Notification.id != row.id)
    return session.exec(query.limit(1)).first() is not None


def decide(
    session: Session,
    row: Notification,
    now: datetime,
    zone: ZoneInfo = LONDON,
    *,
    children_today: set[int] | None = None,
    compose: bool = True,
) -> Decision:
    """Should ``row`` go now? Checked against the review as it is at this moment.
    ``compose``: write the message (a dry run only needs to know a digest has
    something in it, not its words)."""
    subject = load_subject(session, row.review_id)
    recipient = session.get(Person, row.recipient_id)
    if row.expires_at is not None and row.expires_at <= now:
        return Decision(SUPERSEDE, recipient, subject, words.OVERTAKEN)
    if row.kind in kinds.PLANNED:
        facts = planner.facts_for(session, row.review_id) if row.review_id else None
        plan = planner.derive(facts, now, zone) if facts else planner.Plan()
        if row.key in plan.overtaken:
            return Decision(SUPERSEDE, recipient, subject, words.OVERTAKEN)
        wanted = plan.wanted.get(row.key)
        if wanted is None:
            return Decision(CANCEL, recipient, subject, _cancel_reason(subject, row, recipient))
        if wanted.recipient_id != row.recipient_id:
            # The child has a new social worker: the reminder goes to them.
            row.recipient_id = wanted.recipient_id
            recipient = session.get(Person, row.recipient_id)
        row.expires_at = wanted.expires_at
    if recipient is None or not recipient.active:
        return Decision(CANCEL, recipient, subject, words.DEACTIVATED)
    if address_of(recipient) is None:
        return Decision(CANCEL, recipient, subject, words.NOT_LINKED)
    if recipient.unreachable:
        return Decision(CANCEL, recipient, subject, words.UNREACHABLE)
    window = _window(recipient)
    # Safeguarding alerts go whatever the hour or the day (kinds.ANY_HOUR).
    if row.kind not in kinds.ANY_HOUR and not window.contains(now, zone):
        return _defer(recipient, subject, row, window.next_allowed(now, zone), zone)
    if recipient.role == "child":
        today = children_today is not None and recipient.id in children_today
        if today or _had_message_today(session, row, recipient, now, zone):
            tomorrow = at_local(local_date(now, zone) + timedelta(days=1), time(0), zone)
            later = window.next_allowed(tomorrow, zone)
            return _defer(recipient, subject, row, later, zone, words.ONE_A_DAY)
    if not compose and row.kind == kinds.STAFF_DIGEST:
        if not digest_would_list(session, recipient, now):
            return Decision(CANCEL, recipient, subject, words.NOTHING_TO_LIST)
        return Decision(SEND, recipient, subject)
    # A message reads reviews and people, never the notifications a batch is claiming:
    # writing the batch's claims out before each of its reads (autoflush) was a fifth of
    # a Monday's pass, once for each digest.
    with session.no_autoflush:
        message = render_notification(session, row, recipient, subject, now, zone)
    if message is None:
        return Decision(CANCEL, recipient, subject, words.NOTHING_TO_LIST)
    return Decision(SEND, recipient, subject, message=message)


def _defer(
    recipient: Person,
    subject: Subject,
    row: Notification,
    until: datetime,
    zone: ZoneInfo,
    reason: str | None = None,
) -> Decision:
    if row.expires_at is not None and until >= row.expires_at:
        # By the next allowed moment a later reminder will have taken its place.
        return Decision(SUPERSEDE, recipient, subject, words.OVERTAKEN)
    if reason is None:
        audience = words.AUDIENCE_CHILD if recipient.role == "child" else words.AUDIENCE_STAFF
        reason = words.OUTSIDE_HOURS.format(
            audience=audience, when=until.astimezone(zone).strftime("%a %d %b %Y %H:%M")
        )
    return Decision(DEFER, recipient, subject, reason, until=until)


def _dates(row: Notification, subject: Subject, zone: ZoneInfo) -> dict[str, date | datetime]:
    """The dates a row's reason speaks of: the meeting, and the day something is due."""
    review = subject.review
    if review is None:
        return {}
    found: dict[str, date | datetime] = {"meeting": review.scheduled_at.astimezone(zone)}
    found["due"] = timing.report_due_date(timing.meeting_day(review, zone))
    if review.held_at is not None:
        held = timing.held_day(review, zone)
        if row.kind in (kinds.IRO_DECISIONS_SOON, kinds.IRO_DECISIONS_DUE):
            found["due"] = timing.decisions_due_date(held)
        elif row.kind in (kinds.IRO_RECORD_SOON, kinds.IRO_RECORD_DUE):
            found["due"] = timing.record_due_date(held)
    return found


def _why(row: Notification, subject: Subject, zone: ZoneInfo) -> str:
    template = words.WHY.get(row.kind, "")
    values: dict[str, str] = {"about": str(row.about_id or "")}
    for name, when in _dates(row, subject, zone).items():
        values[name] = (
            when.strftime("%a %d %b %Y %H:%M") if isinstance(when, datetime) else _day(when)
        )
    try:
        return template.format(**values)
    except KeyError:
        return template


def _day(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def _outcome(row: Notification, decision: Decision, action: str, zone: ZoneInfo) -> Outcome:
    recipient = decision.recipient
    child = decision.subject.child
    return Outcome(
        notification_id=row.id,
        kind=row.kind,
        action=action,
        due_at=row.due_at,
        recipient_id=row.recipient_id,
        recipient_role=recipient.role if recipient else "",
        recipient_name=recipient.name if recipient else "",
        review_id=row.review_id,
        child_id=child.id if child else None,
        child_name=child.name if child else None,
        why=_why(row, decision.subject, zone),
        dates={
            name: when.isoformat()
            for name, when in _dates(row, decision.subject, zone).items()
            if "{" + name + "}" in words.WHY.get(row.kind, "")
        },
        detail=decision.reason,
        until=decision.until,
    )


# --- claiming ----------------------------------------------------------------------


def _lock_due(session: Session, now: datetime, worker: str, limit: int) -> list[Notification]:
    """The next ``limit`` due rows, oldest first, locked for this dispatcher alone."""
    due = (
        sa_select(TABLE.c.id)
        .where(TABLE.c.status == PENDING)
        .where(TABLE.c.due_at <= now)
        .order_by(TABLE.c.due_at, TABLE.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Another dispatcher's rows are skipped, not waited for.
        ids = list(session.exec(due.with_for_update(skip_locked=True)).scalars())  # type: ignore[call-overload]
    else:
        # SQLite: one statement takes the write lock and claims the rows, or none.
        ids = list(
            session.exec(  # type: ignore[call-overload]
                update(TABLE)
                .where(TABLE.c.id.in_(due.scalar_subquery()))
                .where(TABLE.c.status == PENDING)
                .values(claimed_by=worker)
                .returning(TABLE.c.id)
            ).scalars()
        )
    if not ids:
        return []
    rows = session.exec(select(Notification).where(col(Notification.id).in_(ids))).all()
    return sorted(rows, key=lambda r: (r.due_at, r.id or 0))


def _claim_batch(
    rt: Runtime, now: datetime, worker: str, report: PassReport, limit: int
) -> tuple[list[_Claim], bool]:
    """In one transaction, decide due rows in order until ``limit`` are to be sent, or
    ``EXAMINED`` rows have been decided, or none is left; claim those to be sent. An
    alert is claimed alone, before anything after it. Also says whether rows may be
    left (the transaction stopped at a limit, not for want of rows)."""
    zone = rt.settings.zone
    claims: list[_Claim] = []
    examined = 0
    with rt.session() as session:
        while len(claims) < limit:
            if examined >= EXAMINED:
                # Deferred and cancelled rows do not count as claims: without this, a
                # morning after downtime would decide thousands under one write lock.
                return claims, True
            rows = _lock_due(session, now, worker, limit - len(claims))
            if not rows:
                return claims, False
            _read_ahead(session, rows)
            for row in rows:
                if claims and row.kind in kinds.SAFEGUARDING:
                    # Claimed on its own, next, so a crash never leaves it among others.
                    return claims, True
                examined += 1
                claim = _decide_one(rt, session, row, now, zone, worker, report)
                if claim is not None:
                    claims.append(claim)
                    if claim.outcome.kind in kinds.SAFEGUARDING:
                        return claims, True
    return claims, True


RECIPIENTS = "notification_recipients"


def _read_ahead(session: Session, rows: list[Notification]) -> None:
    """What deciding ``rows`` reads, in two statements instead of three per row: their
    reviews, children and consultations, and their recipients (held for the session)."""
    read_subjects(session, (row.review_id for row in rows))
    ids = sorted({row.recipient_id for row in rows})
    people = session.exec(select(Person).where(col(Person.id).in_(ids))).all()
    session.info.setdefault(RECIPIENTS, []).extend(people)


def _decide_one(
    rt: Runtime,
    session: Session,
    row: Notification,
    now: datetime,
    zone: ZoneInfo,
    worker: str,
    report: PassReport,
) -> _Claim | None:
    """Decide one locked row: claimed to be sent (returned), or settled here."""
    decision = decide(session, row, now, zone)
    outcome = _outcome(row, decision, DONE[decision.action], zone)
    if decision.action == SEND:
        assert decision.recipient is not None and decision.message is not None
        row.status = SENDING
        row.attempts += 1
        row.claimed_at = rt.clock.now()
        row.claimed_by = worker
        session.add(row)
        report.outcomes.append(outcome)
        chat_id = address_of(decision.recipient) or 0
        return _Claim(row.id or 0, chat_id, decision.message, outcome)
    if decision.action == DEFER:
        assert decision.until is not None
        row.due_at = decision.until
    else:
        row.status = SUPERSEDED if decision.action == SUPERSEDE else CANCELLED
    row.last_error = decision.reason[:200]
    session.add(row)
    if row.status == CANCELLED and row.kind == kinds.SAFEGUARDING_ALERT:
        # Its reader can no longer be reached: someone else must be told.
        session.flush()
        safeguarding.on_undelivered(session, rt.clock.now(), row, rt.settings.zone)
    report.outcomes.append(outcome)
    log.info(
        "notification %s (%s) to person %s %s: %s",
        row.id,
        row.kind,
        row.recipient_id,
        outcome.action,
        decision.reason,
    )
    return None


# --- recording ---------------------------------------------------------------------


@dataclass
class _Result:
    message_id: int | None = None
    error: Exception | None = None


def _record(
    rt: Runtime,
    done: list[tuple[_Claim, _Result]],
    unsent: list[_Claim],
    report: PassReport,
) -> None:
    """What happened to a batch, in one transaction: each message sent or not, and
    the claims never tried (the pass stopped first) put back as they were. If that
    fails, each row is recorded in a transaction of its own, so one row's fault
    leaves only that row in doubt."""
    try:
        _record_together(rt, done, unsent, report)
    except Exception:
        log.exception("recording a batch of %s failed: recording each alone", len(done))
        for claim, result in done:
            try:
                _record_together(rt, [(claim, result)], [], report)
            except Exception:
                log.exception("notification %s: what happened could not be kept", claim.row_id)
        for claim in unsent:
            try:
                _record_together(rt, [], [claim], report)
            except Exception:
                log.exception("notification %s: could not be put back", claim.row_id)


def _record_together(
    rt: Runtime,
    done: list[tuple[_Claim, _Result]],
    unsent: list[_Claim],
    report: PassReport,
) -> None:
    now = rt.clock.now()
    with rt.session() as session:
        ids = [claim.row_id for claim, _ in done] + [claim.row_id for claim in unsent]
        # One read for the batch; held here, so each session.get below finds its row.
        batch = session.exec(select(Notification).where(col(Notification.id).in_(ids))).all()
        for claim, result in done:
            _record_one(rt, session, now, claim, result, report)
        for claim in unsent:
            row = session.get(Notification, claim.row_id)
            assert row is not None
            row.status = PENDING
            row.attempts -= 1
            row.claimed_at = None
            session.add(row)
            # By identity: a retry after a failed first try must not remove it twice.
            report.outcomes[:] = [o for o in report.outcomes if o is not claim.outcome]
        del batch


def _record_one(
    rt: Runtime,
    session: Session,
    now: datetime,
    claim: _Claim,
    result: _Result,
    report: PassReport,
) -> None:
    row = session.get(Notification, claim.row_id)
    assert row is not None
    error = result.error
    if error is None:
        row.status = SENT
        row.sent_at = now
        row.telegram_message_id = result.message_id
        row.last_error = None
        log.info("notification %s (%s) sent to person %s", row.id, row.kind, row.recipient_id)
        if row.kind in kinds.SAFEGUARDING:
            safeguarding.on_sent(session, now, row)  # audited; escalation recorded
    elif isinstance(error, RateLimited):
        # Not this message's fault: it waits as Telegram asked, without losing a try.
        row.status = PENDING
        row.attempts -= 1
        row.due_at = now + timedelta(seconds=max(error.retry_after, 1))
        row.last_error = str(error)[:200]
        claim.outcome.action = RETRY
        claim.outcome.until = row.due_at
        report.stopped_for = error.retry_after
        log.warning("notification %s: %s; the pass stops here", row.id, error)
    elif isinstance(error, Blocked):
        row.status = FAILED
        row.last_error = "403: blocked the bot"
        claim.outcome.action = FAIL
        person = session.get(Person, row.recipient_id)
        # The IROs of the person's coming reviews are told; failing those, this one's.
        first_time = person is not None and not person.unreachable
        if first_time and mark_unreachable(session, now, person, "403") == 0:  # type: ignore[arg-type]
            _tell_iro(session, now, row, kinds.IRO_UNREACHABLE)
        if row.kind in kinds.SAFEGUARDING:
            safeguarding.on_undelivered(session, now, row, rt.settings.zone)
    elif isinstance(error, Temporary) and row.attempts < MAX_ATTEMPTS:
        row.status = PENDING
        row.due_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        row.last_error = f"attempt {row.attempts}: {error}"[:200]
        claim.outcome.action = RETRY
        claim.outcome.until = row.due_at
        log.warning("notification %s: attempt %s failed: %s", row.id, row.attempts, error)
    else:
        # Out of retries, refused by Telegram, or a fault of ours: a person is told.
        row.status = FAILED
        row.last_error = f"{type(error).__name__}: {error}"[:200]
        claim.outcome.action = FAIL
        log.error("notification %s failed for good: %s", row.id, row.last_error)
        _tell_iro(session, now, row, kinds.IRO_UNDELIVERED)
        if row.kind in kinds.SAFEGUARDING:
            safeguarding.on_undelivered(session, now, row, rt.settings.zone)
    claim.outcome.detail = row.last_error or ""
    session.add(row)


def _tell_iro(session: Session, now: datetime, failed: Notification, kind: str) -> None:
    """Queue a note to the review's IRO about a message that did not get through."""
    review = session.get(Review, failed.review_id) if failed.review_id else None
    if review is None or review.iro_id == failed.recipient_id:
        log.error(
            "notification %s to person %s could not be delivered, and there is no one else to tell",
            failed.id,
            failed.recipient_id,
        )
        return
    session.add(
        Notification(
            key=f"n{failed.id}:{kind}",
            kind=kind,
            review_id=review.id,
            recipient_id=review.iro_id,
            about_id=failed.recipient_id,
            due_at=now,
            created_at=now,
        )
    )


# --- the pass ----------------------------------------------------------------------


def _housekeeping(rt: Runtime, now: datetime) -> tuple[int, dict[str, int] | None]:
    """Give up on rows a crash left ``sending``; roll the planning horizon if it is time."""
    with rt.session() as session:
        stale = session.exec(  # type: ignore[call-overload]
            update(TABLE)
            .where(TABLE.c.status == SENDING)
            .where(TABLE.c.claimed_at < now - LEASE)
            .values(status=FAILED, last_error=words.INTERRUPTED)
            .returning(TABLE.c.id)
        ).all()
        for (row_id,) in stale:
            log.warning("notification %s: %s", row_id, words.INTERRUPTED)
        forgotten = handled.prune(session, now)
        if forgotten:
            log.info("forgot %s updates handled more than a day ago", forgotten)
        planned = None
        if planner.needs_sweep(session, now):
            planned = planner.sweep(session, now, rt.settings.zone).as_dict()
            # Once a day, with the sweep: the planner's view of the tables kept true.
            refresh_statistics(session)
    return len(stale), planned


async def run_pass(
    rt: Runtime,
    sender: Sender | None,
    *,
    dry_run: bool = False,
    worker: str | None = None,
) -> PassReport:
    """One pass at ``rt.clock.now()``: everything due is sent, deferred, superseded or
    cancelled, and the report says which and why. ``dry_run`` changes nothing."""
    now = rt.clock.now()
    worker = worker or default_worker()
    if dry_run:
        return await asyncio.to_thread(preview, rt, now, worker)
    if sender is None:
        raise ValueError("a real pass needs a sender")
    report = PassReport(now, False, worker)
    report.interrupted, report.planned = await asyncio.to_thread(_housekeeping, rt, now)
    while report.stopped_for is None:
        claiming = asyncio.ensure_future(
            asyncio.to_thread(_claim_batch, rt, now, worker, report, BATCH)
        )
        try:
            claims, more = await asyncio.shield(claiming)
        except asyncio.CancelledError:
            # Shut down while claiming: the thread still commits its claims, so wait
            # for them and put them back, rather than leave them to fail unsent.
            claims, _ = await claiming
            await asyncio.to_thread(_record, rt, [], claims, report)
            raise
        if not claims:
            if more:
                continue
            break
        done: list[tuple[_Claim, _Result]] = []
        sending: _Claim | None = None
        try:
            for claim in claims:
                sending = claim
                result = await _send(sender, claim)
                sending = None
                done.append((claim, result))
                if isinstance(result.error, RateLimited):
                    break
        finally:
            # Even when the pass is cancelled (shutdown): what went is recorded, and what
            # was never tried goes back. Only the one being sent, if any, stays claimed.
            tried = len(done) + (sending is not None)
            await asyncio.to_thread(_record, rt, done, claims[tried:], report)
    if report.outcomes or report.interrupted:
        log.info("reminders pass at %s: %s", now.isoformat(), report.counts())
    metrics.record_pass([(o.kind, o.action) for o in report.outcomes])
    if report.stopped_for is not None:
        metrics.RATE_LIMITED.inc()
    return report


async def _send(sender: Sender, claim: _Claim) -> _Result:
    result = _Result()
    urgent = claim.outcome.kind in kinds.SAFEGUARDING
    try:
        for body in claim.message.bodies[:-1]:
            await sender.send(claim.chat_id, body, [], urgent=urgent)
        result.message_id = await sender.send(
            claim.chat_id, claim.message.bodies[-1], claim.message.buttons, urgent=urgent
        )
    except (Blocked, RateLimited, Temporary, Rejected) as exc:
        result.error = exc
    except Exception as exc:
        log.exception("notification %s: unexpected error while sending", claim.row_id)
        result.error = exc
    if result.error is None and claim.message.photo is not None:
        await _send_photo(sender, claim)
    return result


async def _send_photo(sender: Sender, claim: _Claim) -> None:
    """The photo that follows a sent message (an IRO's profile photo).

    The message itself is already delivered, so a failed photo is logged and never
    makes the row fail (which would send the message again)."""
    send_photo = getattr(sender, "send_photo", None)
    if send_photo is None:
        return
    try:
        await send_photo(claim.chat_id, claim.message.photo, claim.message.photo_caption)
    except Exception as exc:
        log.warning("notification %s: its photo was not sent: %s", claim.row_id, exc)


def preview(rt: Runtime, now: datetime, worker: str = "dry-run") -> PassReport:
    """What a pass at ``now`` would do, and why, without changing anything.

    Includes what the planner would add first (a sweep at ``now``), so the
    operator can look at any moment, not only at rows that already exist.
    """
    zone = rt.settings.zone
    report = PassReport(now, True, worker)
    with rt.session() as session, session.no_autoflush:
        # The order first (ids, not rows), then the rows a chunk at a time: memory
        # stays flat however many are due.
        due = session.exec(
            select(Notification.due_at, Notification.id, Notification.key)
            .where(Notification.status == PENDING)
            .where(Notification.due_at <= now)
        ).all()
        order: list[tuple[datetime, int, Notification | None]] = [
            (d, i or 0, None) for d, i, _ in due
        ]
        if planner.needs_sweep(session, now):
            planned = planner.sweep(session, now, zone, write=False, keep_new_rows=True)
            report.planned = planned.as_dict()
            known = {key for _, _, key in due}
            for p in planned.new_rows:
                if p.due_at <= now and p.key not in known:
                    order.append((p.due_at, 0, _virtual(p, now)))
        order.sort(key=lambda entry: entry[:2])
        children_today: set[int] = set()
        for start in range(0, len(order), PREVIEW_CHUNK):
            for row in _preview_rows(session, order[start : start + PREVIEW_CHUNK], now):
                decision = decide(
                    session, row, now, zone, children_today=children_today, compose=False
                )
                report.outcomes.append(_outcome(row, decision, decision.action, zone))
                if (
                    decision.action == SEND
                    and decision.recipient
                    and decision.recipient.role == "child"
                ):
                    children_today.add(decision.recipient.id or 0)
            # decide() may have touched rows in memory: keep none of it, nor the chunk.
            forget_subjects(session)
            session.info.pop(RECIPIENTS, None)
            session.info.pop(WOULD_LIST, None)
            session.expunge_all()
        session.rollback()
    return report


PREVIEW_CHUNK: Final = 500


def _preview_rows(
    session: Session, chunk: list[tuple[datetime, int, Notification | None]], now: datetime
) -> list[Notification]:
    """A chunk of a dry run's rows, in order, read with what deciding them reads."""
    ids = [row_id for _, row_id, virtual in chunk if virtual is None]
    stored = session.exec(select(Notification).where(col(Notification.id).in_(ids))).all()
    by_id = {row.id: row for row in stored}
    rows = [virtual if virtual is not None else by_id[row_id] for _, row_id, virtual in chunk]
    _read_ahead(session, rows)
    digests = [row.recipient_id for row in rows if row.kind == kinds.STAFF_DIGEST]
    read_digest_lists(session, digests, now)
    return rows


def _virtual(p: planner.Planned, now: datetime) -> Notification:
    return Notification(
        key=p.key,
        kind=p.kind,
        review_id=p.review_id,
        recipient_id=p.recipient_id,
        due_at=p.due_at,
        expires_at=p.expires_at,
        created_at=now,
    )
