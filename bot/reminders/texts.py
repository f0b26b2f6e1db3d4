"""What each notification says, rendered at the moment it is sent (so it always
tells the truth of that moment: the report's state, the child's own words).

A child's message is in the child's language and Language that Cares words; a
worker's is in theirs. Buttons carry ``n:`` callback data (see
``bot.reminders.actions``) or the consultation's own ``c:`` data.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar import notification_kinds as kinds
from bot.calendar.reviews import ACTIVE, upcoming_for
from bot.calendar.workdays import LONDON
from bot.people.own_words import words_for
from bot.platform.buttons import ConsultationTap, Done, ReportAction
from bot.platform.replies import Button
from bot.reminders.message import Message, Subject
from bot.reminders.status import after_meeting_part, consultation_state, noon, report_line
from messages import reminders as words
from messages.render import Html, Renderer, pack, quote_long, sentence
from models import Consultation, Notification, Person, Review

DIGEST_DAYS = 28


def report_buttons(render: Renderer, review_id: int) -> list[list[Button]]:
    return [
        [Button(render.plain(words.REPORT_SHARED), ReportAction("shared", review_id))],
        [Button(render.plain(words.REMIND_TOMORROW), ReportAction("snooze", review_id))],
        [Button(render.plain(words.THERES_A_PROBLEM), ReportAction("problem", review_id))],
    ]


def done_buttons(render: Renderer, review: Review) -> list[list[Button]]:
    """The IRO's Done buttons for whatever is still to do after the meeting."""
    buttons = []
    if review.decisions_done_at is None:
        buttons.append([Button(render.plain(words.DECISIONS_DONE), Done("d", review.id or 0))])
    if review.record_done_at is None:
        buttons.append([Button(render.plain(words.RECORD_DONE), Done("r", review.id or 0))])
    return buttons


_SW_TEXT = {
    kinds.SW_REPORT_5_DAYS: words.SW_REPORT_5_DAYS,
    kinds.SW_REPORT_1_DAY: words.SW_REPORT_1_DAY,
    kinds.SW_REPORT_DUE: words.SW_REPORT_DUE,
    kinds.SW_REPORT_OVERDUE: words.SW_REPORT_OVERDUE,
    kinds.SW_REPORT_SNOOZED: words.SW_REPORT_SNOOZED,
}
_AFTER_TEXT = {
    kinds.IRO_DECISIONS_SOON: words.IRO_DECISIONS_SOON,
    kinds.IRO_DECISIONS_DUE: words.IRO_DECISIONS_DUE,
    kinds.IRO_RECORD_SOON: words.IRO_RECORD_SOON,
    kinds.IRO_RECORD_DUE: words.IRO_RECORD_DUE,
}


def _to_child(
    session: Session,
    kind: str,
    child: Person,
    review: Review,
    consultation: Consultation | None,
    zone: ZoneInfo,
) -> Message | None:
    if consultation is None or consultation.status == "not_applicable":
        return None
    render = Renderer(child.locale, words_for(session, child), zone)
    date = render.when(review.scheduled_at)
    hello = render(words.CHILD_HELLO)
    started = consultation.status == "in_progress"
    label = words.CARRY_ON if started else words.START_NOW
    button = [[Button(render.plain(label), ConsultationTap(consultation.id or 0, 0, "start"))]]
    if kind == kinds.CHILD_OPEN:
        body = sentence(render(words.CHILD_OPEN, date=date))
    elif kind == kinds.CHILD_TOMORROW:
        body = sentence(render(words.CHILD_TOMORROW, date=date))
        if consultation.status == "sent":
            body += " " + sentence(render(words.CHILD_TOMORROW_SENT))
            button = []
        else:
            body += " " + sentence(render(words.CHILD_TOMORROW_NOT_SENT))
    else:
        msgid = words.CHILD_NUDGE_STARTED if started else words.CHILD_NUDGE
        body = sentence(render(msgid, date=date))
    return Message([f"{hello}\n\n{body}"], button)


def _after_meeting(
    render: Renderer, kind: str, child: Person, review: Review, zone: ZoneInfo
) -> Message:
    held_day = timing.held_day(review, zone)
    if kind in (kinds.IRO_DECISIONS_SOON, kinds.IRO_DECISIONS_DUE):
        due = timing.decisions_due_date(held_day)
        data = Done("d", review.id or 0)
        label = words.DECISIONS_DONE
    else:
        due = timing.record_due_date(held_day)
        data = Done("r", review.id or 0)
        label = words.RECORD_DONE
    body = render(
        _AFTER_TEXT[kind],
        child=child.name,
        held=render.day(noon(held_day, zone)),
        due=render.day(noon(due, zone)),
    )
    return Message([body], [[Button(render.plain(label), data)]])


def _digest(session: Session, viewer: Person, now: datetime, zone: ZoneInfo) -> Message | None:
    """Monday: the reviews of the next four weeks, and what is due for each."""
    render = Renderer(viewer.locale, zone=zone)
    soon = now + timedelta(days=DIGEST_DAYS)
    lines = []
    for row in upcoming_for(session, viewer, now, until=soon):
        report = Html(report_line(render, row.review, now, zone))
        lines.append(
            render(
                words.DIGEST_LINE,
                date=render.when(row.review.scheduled_at),
                child=row.child.name,
                report=report,
                state=consultation_state(render, row.consultation),
            )
        )
    after = after_meeting_lines(session, viewer, render, zone) if viewer.role == "iro" else []
    if not lines and not after:
        return None
    blocks = [render(words.DIGEST_HEADER), *lines]
    if after:
        blocks += [render(words.AFTER_MEETING_HEADER), *after]
    return Message(pack(blocks), [])


WOULD_LIST = "digest_would_list"
"""Where a session keeps :func:`read_digest_lists`' answers (``Session.info``)."""


def read_digest_lists(session: Session, viewer_ids: list[int], now: datetime) -> None:
    """Answer :func:`digest_would_list` for many workers at once (a chunk of a dry
    run), in three statements instead of one or two per worker."""
    ids = sorted(set(viewer_ids))
    if not ids:
        return
    soon = now + timedelta(days=DIGEST_DAYS)
    upcoming = (
        select(Review.id)
        .join(Person, col(Person.id) == Review.child_id)
        .where(Review.status == ACTIVE)
        .where(Review.scheduled_at >= now)
        .where(Review.scheduled_at <= soon)
        .where(col(Person.active).is_(True))
    )
    # As upcoming_for: an IRO's own reviews, a social worker's or carer's children's.
    listing: dict[str, set[int]] = {}
    for role, whose in (
        ("iro", Review.iro_id),
        ("social_worker", Person.social_worker_id),
        ("carer", Person.carer_id),
    ):
        query = upcoming.with_only_columns(whose).where(col(whose).in_(ids)).distinct()
        listing[role] = set(session.exec(query))  # type: ignore[call-overload]
    held = session.exec(
        select(Review.iro_id)
        .join(Person, col(Person.id) == Review.child_id)
        .where(col(Review.iro_id).in_(ids))
        .where(Review.status == timing.HELD)
        .where(col(Person.active).is_(True))
        .where(col(Review.decisions_done_at).is_(None) | col(Review.record_done_at).is_(None))
        .distinct()
    )
    held_for = set(held)
    known: dict[int, dict[str, bool]] = session.info.setdefault(WOULD_LIST, {})
    for viewer_id in ids:
        known[viewer_id] = {role: viewer_id in found for role, found in listing.items()}
        known[viewer_id]["held"] = viewer_id in held_for


def digest_would_list(session: Session, viewer: Person, now: datetime) -> bool:
    """Whether Monday's digest has anything in it, without writing it (a dry run asks
    this of every worker: it need not read and word every review of each)."""
    known = session.info.get(WOULD_LIST, {}).get(viewer.id)
    if known is not None:
        return known.get(viewer.role, False) or (viewer.role == "iro" and known["held"])
    soon = now + timedelta(days=DIGEST_DAYS)
    if upcoming_for(session, viewer, now, until=soon, limit=1):
        return True
    return viewer.role == "iro" and bool(held_reviews_outstanding(session, viewer))


def held_reviews_outstanding(session: Session, iro: Person) -> list[tuple[Review, Person]]:
    """An IRO's held reviews whose decisions or record are not done yet, oldest first."""
    rows = session.exec(
        select(Review, Person)
        .join(Person, col(Person.id) == Review.child_id)
        .where(Review.iro_id == iro.id)
        .where(Review.status == timing.HELD)
        .where(col(Person.active).is_(True))
        .where(col(Review.decisions_done_at).is_(None) | col(Review.record_done_at).is_(None))
        .order_by(col(Review.scheduled_at))
    )
    return [(review, child) for review, child in rows]


def after_meeting_lines(
    session: Session, iro: Person, render: Renderer, zone: ZoneInfo
) -> list[str]:
    lines = []
    for review, child in held_reviews_outstanding(session, iro):
        held = timing.held_day(review, zone)
        lines.append(
            render(
                words.AFTER_MEETING_LINE,
                date=render.day(noon(held, zone)),
                child=child.name,
                decisions=after_meeting_part(
                    render, review.decisions_done_at, timing.decisions_due_date(held), zone
                ),
                record=after_meeting_part(
                    render, review.record_done_at, timing.record_due_date(held), zone
                ),
            )
        )
    return lines


def reminder_message(
    session: Session,
    row: Notification,
    recipient: Person,
    subject: Subject,
    now: datetime,
    zone: ZoneInfo = LONDON,
) -> Message | None:
    """A reminder's message (the review calendar's own kinds), or None if there is
    nothing to say: an empty digest, or a review or child that is gone."""
    if row.kind == kinds.STAFF_DIGEST:
        return _digest(session, recipient, now, zone)
    review, child = subject.review, subject.child
    if review is None or child is None:
        return None
    if row.kind in kinds.CHILD_KINDS:
        return _to_child(session, row.kind, child, review, subject.consultation, zone)
    render = Renderer(recipient.locale, zone=zone)
    meeting = render.when(review.scheduled_at)
    due = render.day(noon(timing.report_due_date(timing.meeting_day(review, zone)), zone))
    iro = session.get(Person, review.iro_id)
    social_worker = session.get(Person, child.social_worker_id) if child.social_worker_id else None
    names = {
        "child": child.name,
        "meeting": meeting,
        "due": due,
        "iro": iro.name if iro else "",
        "social_worker": social_worker.name if social_worker else "",
    }
    if row.kind in kinds.SW_REPORT_KINDS:
        body = render(_SW_TEXT[row.kind], **names) + "\n\n" + render(words.SW_REPORT_FOOTER)
        return Message([body], report_buttons(render, review.id or 0))
    if row.kind == kinds.IRO_REPORT_LATE:
        msgid = words.IRO_REPORT_LATE if social_worker else words.IRO_REPORT_LATE_NO_SW
        return Message([render(msgid, **names)], [])
    if row.kind == kinds.IRO_HELD_CHECK:
        button = Button(render.plain(words.HELD_BUTTON), ReportAction("held", review.id or 0))
        return Message([render(words.IRO_HELD_CHECK, **names)], [[button]])
    if row.kind in kinds.AFTER_MEETING_KINDS:
        return _after_meeting(render, row.kind, child, review, zone)
    if row.kind == kinds.IRO_PROBLEM:
        reporter = session.get(Person, row.about_id) if row.about_id else social_worker
        names["social_worker"] = reporter.name if reporter else names["social_worker"]
        quotes = quote_long(row.note or "", limit=3000)
        first = render(words.IRO_PROBLEM, **names) + "\n" + quotes[0]
        return Message(pack([first, *quotes[1:]]), [])
    if row.kind in (kinds.IRO_UNREACHABLE, kinds.IRO_UNDELIVERED):
        about = session.get(Person, row.about_id) if row.about_id else None
        if about is None:
            return None
        role = render.translate(words.ROLE_NAMES.get(about.role, about.role))
        blocked = row.kind == kinds.IRO_UNREACHABLE
        if about.id == child.id:
            msgid = words.IRO_UNREACHABLE_CHILD if blocked else words.IRO_UNDELIVERED_CHILD
        else:
            msgid = words.IRO_UNREACHABLE if blocked else words.IRO_UNDELIVERED
        body = render(msgid, person=about.name, role=role, **names)
        return Message([body], [])
    return None
