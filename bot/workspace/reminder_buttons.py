"""What workers do with their reminders: the social worker's "Report shared",
"Remind me tomorrow" and "There's a problem"; the IRO's "It was held" and
"Done"; and what happens when someone blocks or unblocks the bot.

Callback data (never trusted; every tap re-checks who may do what):

* ``n:shared:<review>``, ``n:snooze:<review>``, ``n:problem:<review>``: the
  child's current social worker only (``n:share:<review>`` is "Report shared"
  tapped in the ``/reviews`` list, which keeps its other buttons);
* ``n:held:<review>``, ``n:done:d:<review>``, ``n:done:r:<review>``: the IRO
  who chairs the review only;
* ``n:nevermind``: forget the question the bot asked.

"There's a problem" asks for a few words; which question is awaited is kept on
the worker's row (``Person.awaiting_input``), never in memory, and the words go
to the IRO as a ``Notification`` (so staff hours, retries and "exactly once"
apply to them too).
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import replan_review
from bot.calendar.reviews import record_held
from bot.calendar.workdays import LONDON, STAFF_MESSAGE_WINDOW, local_date, next_working_day
from bot.people.addresses import address_of
from bot.people.turns import StaffTurn
from bot.platform.buttons import Done, NeverMind, ReportAction
from bot.platform.replies import Button, Reply, rows
from bot.reminders.status import after_meeting_part, noon
from bot.reminders.texts import done_buttons, held_reviews_outstanding
from bot.workspace import dashboard
from messages import reminders as words
from messages import text
from messages.clean import clean
from messages.render import Renderer, pack
from models import Notification, Person, Review
from models.reminders import PENDING

log = logging.getLogger(__name__)

PROBLEM = "problem:"
MAX_PROBLEM_CHARS = 1000
RECORD_HELD_WITHIN = timedelta(days=60)
"""How far back /reviews offers "It was held" for a meeting nobody recorded."""


def _gone(chat_id: int, render: Renderer) -> list[Reply]:
    return [Reply(chat_id, toast=render.plain(text.BUTTON_GONE))]


def _review_for_social_worker(
    session: Session, person: Person, review_id: int
) -> tuple[Review, Person] | None:
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    if review is None or child is None or not child.active or not person.active:
        return None
    if person.role != "social_worker" or child.social_worker_id != person.id:
        return None
    return review, child


def _review_for_iro(
    session: Session, person: Person, review_id: int
) -> tuple[Review, Person] | None:
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    if review is None or child is None or not person.active:
        return None
    if person.role != "iro" or review.iro_id != person.id:
        return None
    return review, child


def on_button(turn: StaffTurn, tap: ReportAction | Done | NeverMind) -> list[Reply]:
    """A tap on a reminder's button, or on the same buttons in ``/reviews``."""
    session, now, person, zone = turn.session, turn.now, turn.person, turn.zone
    chat_id, render, message_id = turn.chat_id, turn.render, turn.message_id
    if isinstance(tap, NeverMind):
        person.awaiting_input = None
        session.add(person)
        strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
        return [*strip, Reply(chat_id, render(words.PROBLEM_CANCELLED))]
    if isinstance(tap, ReportAction):
        action, review_id = tap.action, tap.review
        if action in ("shared", "share", "snooze", "problem"):
            found = _review_for_social_worker(session, person, review_id)
            if found is None or found[0].status != timing.SCHEDULED:
                return _gone(chat_id, render)
            review, child = found
            if action in ("shared", "share"):
                replies = _shared(session, now, person, review, child, message_id, render, zone)
                if action == "share" and message_id:
                    # From the /reviews list: the list's buttons, less this report's.
                    listed = dashboard.reviews_list(session, now, person, chat_id, zone)[-1]
                    replies[0] = Reply(chat_id, buttons=listed.buttons, edit_message_id=message_id)
                return replies
            if review.report_shared_at is not None:
                return [Reply(chat_id, toast=render.plain(words.ALREADY_SHARED, child=child.name))]
            if action == "snooze":
                return _snooze(session, now, person, review, message_id, render, zone)
            return _ask_problem(session, person, review, child, render)
        if action == "held":
            found = _review_for_iro(session, person, review_id)
            if found is None:
                return _gone(chat_id, render)
            return _held(session, now, person, *found, message_id, render, zone)
    if isinstance(tap, Done):
        found = _review_for_iro(session, person, tap.review)
        if found is None or found[0].status != timing.HELD:
            return _gone(chat_id, render)
        return _done(session, now, person, *found, tap.part, message_id, render, zone)
    return _gone(chat_id, render)


# --- the social worker ----------------------------------------------------------------


def share_report(session: Session, now: datetime, review: Review, zone: ZoneInfo = LONDON) -> bool:
    """Record the report as shared (once) and stop every reminder about it."""
    if review.report_shared_at is not None:
        return False
    review.report_shared_at = now
    review.updated_at = now
    session.add(review)
    replan_review(session, now, review, zone)
    log.info("review %s: report shared", review.id)
    return True


def _shared(
    session: Session,
    now: datetime,
    person: Person,
    review: Review,
    child: Person,
    message_id: int | None,
    render: Renderer,
    zone: ZoneInfo,
) -> list[Reply]:
    chat_id = address_of(person) or 0
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    if not share_report(session, now, review, zone):
        toast = render.plain(words.ALREADY_SHARED, child=child.name)
        return [*strip, Reply(chat_id, toast=toast)]
    state, due = timing.report_state(review, now, zone)
    if state == timing.SHARED_ON_TIME:
        thanks = render(words.SHARED_ON_TIME_THANKS, child=child.name)
    else:
        thanks = render(words.SHARED_LATE_THANKS, child=child.name, due=render.day(noon(due, zone)))
    return [*strip, Reply(chat_id, thanks)]


def _snooze(
    session: Session,
    now: datetime,
    person: Person,
    review: Review,
    message_id: int | None,
    render: Renderer,
    zone: ZoneInfo,
) -> list[Reply]:
    day = next_working_day(local_date(now, zone))
    review.report_snoozed_until = day
    review.updated_at = now
    session.add(review)
    replan_review(session, now, review, zone)
    log.info("review %s: report reminder snoozed to %s", review.id, day)
    chat_id = address_of(person) or 0
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    return [*strip, Reply(chat_id, render(words.SNOOZED, day=render.day(noon(day, zone))))]


def _ask_problem(
    session: Session, person: Person, review: Review, child: Person, render: Renderer
) -> list[Reply]:
    person.awaiting_input = f"{PROBLEM}{review.id}"
    session.add(person)
    iro = session.get(Person, review.iro_id)
    body = render(words.PROBLEM_ASK, child=child.name, iro=iro.name if iro else "")
    cancel = Button(render.plain(words.PROBLEM_CANCEL), NeverMind())
    return [Reply(address_of(person) or 0, body, [[cancel]])]


def on_text(turn: StaffTurn, message: str) -> list[Reply] | None:
    """A worker's words when the bot asked for some; None if it asked for nothing (now)."""
    session, now, person, zone = turn.session, turn.now, turn.person, turn.zone
    chat_id, render = turn.chat_id, turn.render
    awaiting = person.awaiting_input or ""
    if not awaiting.startswith(PROBLEM) or not awaiting[len(PROBLEM) :].isdigit():
        return None
    found = _review_for_social_worker(session, person, int(awaiting[len(PROBLEM) :]))
    person.awaiting_input = None
    session.add(person)
    if found is None or found[0].status != timing.SCHEDULED:
        return None
    review, _child = found
    words_given = clean(message).strip()
    if len(words_given) > MAX_PROBLEM_CHARS:
        person.awaiting_input = awaiting
        return [Reply(chat_id, render(words.PROBLEM_TOO_LONG, limit=MAX_PROBLEM_CHARS))]
    if not words_given:
        person.awaiting_input = awaiting
        return [Reply(chat_id, render(words.PROBLEM_TEXT_ONLY))]
    session.add(
        Notification(
            key=f"r{review.id}:{kinds.IRO_PROBLEM}:{secrets.token_hex(6)}",
            kind=kinds.IRO_PROBLEM,
            review_id=review.id,
            recipient_id=review.iro_id,
            about_id=person.id,
            due_at=now,
            status=PENDING,
            note=words_given,
            created_at=now,
        )
    )
    log.info("review %s: social worker %s reported a problem", review.id, person.id)
    iro = session.get(Person, review.iro_id)
    iro_name = iro.name if iro else ""
    when = STAFF_MESSAGE_WINDOW.next_allowed(now, zone)
    if when <= now:
        return [Reply(chat_id, render(words.PROBLEM_PASSED, iro=iro_name))]
    return [
        Reply(chat_id, render(words.PROBLEM_PASSED_LATER, iro=iro_name, when=render.when(when)))
    ]


# --- the IRO ----------------------------------------------------------------------------


def _held(
    session: Session,
    now: datetime,
    person: Person,
    review: Review,
    child: Person,
    message_id: int | None,
    render: Renderer,
    zone: ZoneInfo,
) -> list[Reply]:
    chat_id = address_of(person) or 0
    if review.status == timing.HELD:
        return [Reply(chat_id, toast=render.plain(words.ALREADY_HELD, child=child.name))]
    if review.status != timing.SCHEDULED:
        return _gone(chat_id, render)
    if review.scheduled_at > now:
        return [Reply(chat_id, toast=render.plain(words.NOT_YET_HELD, child=child.name))]
    record_held(session, now, review, zone)
    day = timing.held_day(review, zone)
    body = render(
        words.HELD_RECORDED,
        child=child.name,
        day=render.day(noon(day, zone)),
        decisions=render.day(noon(timing.decisions_due_date(day), zone)),
        record=render.day(noon(timing.record_due_date(day), zone)),
    )
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    return [*strip, Reply(chat_id, body, done_buttons(render, review))]


def _done(
    session: Session,
    now: datetime,
    person: Person,
    review: Review,
    child: Person,
    which: str,
    message_id: int | None,
    render: Renderer,
    zone: ZoneInfo,
) -> list[Reply]:
    chat_id = address_of(person) or 0
    if which == "d":
        already = review.decisions_done_at is not None
        review.decisions_done_at = review.decisions_done_at or now
        thanks = words.DECISIONS_DONE_THANKS
    else:
        already = review.record_done_at is not None
        review.record_done_at = review.record_done_at or now
        thanks = words.RECORD_DONE_THANKS
    # Take the tapped button away and leave the other one, wherever it was tapped.
    done = Done(which, review.id or 0)  # type: ignore[arg-type]
    remaining = [row for row in done_buttons(render, review) if row[0].data != done]
    edit = [Reply(chat_id, buttons=remaining, edit_message_id=message_id)] if message_id else []
    if already:
        return [*edit, Reply(chat_id, toast=render.plain(words.ALREADY_DONE))]
    review.updated_at = now
    session.add(review)
    replan_review(session, now, review, zone)
    log.info("review %s: %s done", review.id, "decisions" if which == "d" else "record")
    return [*edit, Reply(chat_id, render(thanks, child=child.name))]


def for_reviews_list(
    session: Session, now: datetime, person: Person, chat_id: int, zone: ZoneInfo = LONDON
) -> list[Reply]:
    """What ``/reviews`` adds for an IRO: meetings to record, and work still to do.

    (A social worker's "Report shared" buttons are under the list itself.)"""
    return after_meeting(session, now, person, chat_id, zone)


def after_meeting(
    session: Session, now: datetime, iro: Person, chat_id: int, zone: ZoneInfo = LONDON
) -> list[Reply]:
    """``/reviews`` for an IRO: past meetings to record as held, and work still to do."""
    if iro.role != "iro":
        return []
    render = Renderer(iro.locale, zone=zone)
    lines: list[str] = []
    buttons: list[Button] = []
    unrecorded = session.exec(
        select(Review, Person)
        .join(Person, col(Person.id) == Review.child_id)
        .where(Review.iro_id == iro.id)
        .where(Review.status == timing.SCHEDULED)
        .where(Review.scheduled_at < now)
        .where(Review.scheduled_at >= now - RECORD_HELD_WITHIN)
        .where(col(Person.active).is_(True))
        .order_by(col(Review.scheduled_at))
    )
    for review, child in unrecorded:
        lines.append(
            render(words.TO_RECORD_LINE, date=render.when(review.scheduled_at), child=child.name)
        )
        buttons.append(
            Button(
                render.plain(words.HELD_FOR, child=child.name), ReportAction("held", review.id or 0)
            )
        )
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
        if review.decisions_done_at is None:
            label = render.plain(words.DECISIONS_DONE_FOR, child=child.name)
            buttons.append(Button(label, Done("d", review.id or 0)))
        if review.record_done_at is None:
            label = render.plain(words.RECORD_DONE_FOR, child=child.name)
            buttons.append(Button(label, Done("r", review.id or 0)))
    if not lines:
        return []
    bodies = pack([render(words.AFTER_MEETING_HEADER), *lines])
    replies = [Reply(chat_id, body) for body in bodies[:-1]]
    return [*replies, Reply(chat_id, bodies[-1], rows(buttons, 1))]


# --- someone blocks (or unblocks) the bot ----------------------------------------------
