"""``/reviews`` for an IRO: the dashboard of their caseload before the meetings.

Upcoming reviews by date, each with the child's My Review state (and whether the
IRO has read it, or there is something new since), and the social worker's
report (shared on time, late, or not yet, with its due date). A child who was
reminded (the reminders' nudges) but never started My Review stands out: named at the
top, and marked on their line. Meetings already held but not yet recorded with
``/held`` follow. (the reminders' list of meetings to mark held and work still to do
comes after, from ``bot.reminders.actions``.)
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import notification_kinds as kinds
from bot.calendar.deadlines import HELD
from bot.calendar.reviews import ReviewRow, upcoming_for
from bot.calendar.workdays import local_date
from bot.consultation.view import state_text
from bot.people.turns import StaffTurn
from bot.platform.buttons import HeldPick, OnIt, OpenReview
from bot.platform.replies import Button, Reply, rows
from bot.reminders.status import consultation_state, noon, report_line, share_button
from bot.safeguarding import alerts
from bot.safeguarding.written_in import english_name
from bot.workspace import caseload, held
from bot.workspace import reading as readmarks
from messages import iro as words
from messages import safety, text
from messages.render import Renderer, pack
from models import Answer, Notification, Person
from models.reminders import SENT

NUDGES = (kinds.CHILD_NUDGE_5, kinds.CHILD_NUDGE_2)
_READ_WORDS = {"not_read": words.READ_NOT_YET, "read": words.READ_DONE, "new": words.READ_NEW}


def nudged_review_ids(session: Session, review_ids: list[int]) -> set[int]:
    """The reviews whose child was sent at least one gentle nudge."""
    if not review_ids:
        return set()
    found = session.exec(
        select(Notification.review_id)
        .where(col(Notification.review_id).in_(review_ids))
        .where(col(Notification.kind).in_(NUDGES))
        .where(Notification.status == SENT)
    )
    return {review_id for review_id in found if review_id is not None}


def nudged_not_started(session: Session, found: list[ReviewRow]) -> set[int]:
    """Of these reviews, those whose child was nudged and has still not started."""
    waiting = [
        row.review.id or 0
        for row in found
        if row.consultation is not None and row.consultation.status == "not_started"
    ]
    return nudged_review_ids(session, waiting)


def unchecked_languages(session: Session, found: list[ReviewRow]) -> dict[int, list[str]]:
    """Review id -> the languages of its answers the safety check could not read."""
    by_consultation = {row.consultation.id: row.review.id for row in found if row.consultation}
    if not by_consultation:
        return {}
    answers = session.exec(
        select(Answer)
        .where(col(Answer.consultation_id).in_(list(by_consultation)))
        .where(col(Answer.unchecked).is_(True))
        .where(col(Answer.replaced).is_(False))
        .order_by(col(Answer.id))
    )
    languages: dict[int, list[str]] = {}
    for answer in answers:
        review_id = by_consultation[answer.consultation_id] or 0
        named = languages.setdefault(review_id, [])
        if answer.written_in and answer.written_in not in named:
            named.append(answer.written_in)
    return languages


def language_names(codes: list[str]) -> str:
    return ", ".join(english_name(code) for code in codes) or "another language"


def _line(
    session: Session,
    render: Renderer,
    iro: Person,
    row: ReviewRow,
    now: datetime,
    zone: ZoneInfo,
    stands_out: bool,
    unchecked: list[str] | None = None,
) -> str:
    state = consultation_state(render, row.consultation)
    if unchecked:
        state += " · " + render.plain(words.UNCHECKED_LINE, language=language_names(unchecked))
    if stands_out:
        state += " · " + render.translate(words.NUDGED_NOT_STARTED_LINE)
    read = readmarks.read_state(session, row.consultation, iro) if row.consultation else None
    if read is not None:
        state += " · " + render.translate(_READ_WORDS[read])
    line = render(
        text.REVIEW_LINE,
        date=render.when(row.review.scheduled_at),
        child=row.child.name,
        state=state,
    )
    if stands_out:
        line = "⚠️ " + line
    return line + "\n" + report_line(render, row.review, now, zone)


def for_iro(
    session: Session,
    now: datetime,
    iro: Person,
    chat_id: int,
    zone: ZoneInfo,
    view: caseload.View = "all",
    page_number: int = 1,
) -> list[Reply]:
    """The IRO's dashboard: what needs action first, a page at a time."""
    render = Renderer(iro.locale, zone=zone)
    found = upcoming_for(session, iro, now)
    blocks: list[str] = []
    buttons: list[Button] = []
    page = caseload.arrange(session, found, iro, now, zone, view, page_number)
    if not found:
        blocks.append(render(text.REVIEWS_NONE))
    else:
        standing_out = nudged_not_started(session, found)
        unchecked = unchecked_languages(session, found)
        for row in found:
            if row.review.id in unchecked:
                named = language_names(unchecked[row.review.id or 0])
                blocks.append(render(words.UNCHECKED_TOP, child=row.child.name, language=named))
        if standing_out:
            names = ", ".join(row.child.name for row in found if row.review.id in standing_out)
            blocks.append(render(words.NUDGED_NOT_STARTED_TOP, children=names))
        blocks.append(render(text.REVIEWS_HEADER) + "\n" + caseload.heading(render, page))
        if not page.rows:
            blocks.append(render(words.CASELOAD_EMPTY))
        for row in page.rows:
            out = row.review.id in standing_out
            flagged = unchecked.get(row.review.id or 0)
            mark = caseload.marker(render, page.needs[row.review.id or 0])
            blocks.append(mark + _line(session, render, iro, row, now, zone, out, flagged))
            label = render.plain(text.OPEN_CONSULTATION, child=row.child.name)
            buttons.append(Button(label, OpenReview(row.review.id or 0)))
    # Marked held (the reminders' "It was held"), but not how the child took part: /held.
    recordable = [(r, c) for r, c in held.recordable(session, iro, now, zone) if r.status == HELD]
    if recordable:
        blocks.append(render(words.TO_RECORD_HEADER))
        for review, child in recordable:
            day = render.day(noon(local_date(review.scheduled_at, zone), zone))
            blocks.append(render(words.TO_RECORD_LINE, date=day, child=child.name))
            label = render.plain(words.HELD_PICK_BUTTON, child=child.name, date=day)
            buttons.append(Button(label, HeldPick(review.id or 0)))
    bodies = pack(blocks)
    replies = [Reply(chat_id, body) for body in bodies[:-1]]
    navigation = caseload.buttons(render, page) if found else []
    replies.append(Reply(chat_id, bodies[-1], rows(buttons, 1) + navigation))
    return replies


def reviews_list(
    session: Session,
    now: datetime,
    viewer: Person,
    chat_id: int,
    zone: ZoneInfo,
    view: caseload.View = "all",
    page_number: int = 1,
) -> list[Reply]:
    """``/reviews``: a worker's upcoming reviews, what needs action first, a page at a
    time, each with a button to read My Review."""
    render = Renderer(viewer.locale, zone=zone)
    found = upcoming_for(session, viewer, now)
    if not found:
        return [Reply(chat_id, render(text.REVIEWS_NONE))]
    page = caseload.arrange(session, found, viewer, now, zone, view, page_number)
    lines = [render(text.REVIEWS_HEADER) + "\n" + caseload.heading(render, page)]
    if not page.rows:
        lines.append(render(words.CASELOAD_EMPTY))
    buttons = []
    shares = []  # a social worker's "Report shared" buttons, after the reading ones
    unchecked = unchecked_languages(session, found)
    for row in page.rows:
        state = state_text(render, row.consultation)
        if row.review.id in unchecked:
            named = language_names(unchecked[row.review.id or 0])
            state += " · " + render.plain(words.UNCHECKED_LINE, language=named)
        lines.append(
            caseload.marker(render, page.needs[row.review.id or 0])
            + render(
                text.REVIEW_LINE,
                date=render.when(row.review.scheduled_at),
                child=row.child.name,
                state=state,
            )
        )
        if viewer.role in ("iro", "social_worker"):
            # The report: shared on time, late, or not yet, with its due date.
            lines[-1] += "\n" + report_line(render, row.review, now, zone)
            if viewer.role == "social_worker" and row.review.report_shared_at is None:
                shares.append(share_button(render, row.review, row.child))
        buttons.append(
            Button(
                render.plain(text.OPEN_CONSULTATION, child=row.child.name),
                OpenReview(row.review.id or 0),
            )
        )
    bodies = pack(lines[:1] + lines[1:])
    replies = [Reply(chat_id, body) for body in bodies[:-1]]
    navigation = caseload.buttons(render, page)
    replies.append(Reply(chat_id, bodies[-1], rows(buttons + shares, 1) + navigation))
    return replies


def unreached(turn: StaffTurn) -> list[Reply]:
    """For managers (and duty staff): open alerts that reached nobody, each with "I'm on it"."""
    found = alerts.unreached_alerts(turn.session)
    if not found:
        return []
    render = turn.render
    lines = [render(safety.UNREACHED_HEADER)]
    buttons = []
    for alert in found:
        child = turn.session.get(Person, alert.child_id)
        name = child.name if child else ""
        lines.append(
            render(
                safety.UNREACHED_LINE,
                child=name,
                when=render.when(alert.created_at),
                concerns=alerts.concerns_text(render, alert.concerns),
            )
        )
        buttons.append(
            Button(render.plain(safety.UNREACHED_BUTTON, child=name), OnIt(alert.id or 0))
        )
    bodies = pack(lines)
    replies = [Reply(turn.chat_id, body) for body in bodies[:-1]]
    replies.append(Reply(turn.chat_id, bodies[-1], rows(buttons, 1)))
    return replies
