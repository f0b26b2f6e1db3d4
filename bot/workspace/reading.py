"""Reading: what changed since this reader last read a child's My Review,
and the "read" mark the child sees once their IRO has read what they sent.

Each reader has one ``ConsultationRead`` row per consultation (first and last
read). Opening the view (``read``) shows, before the view itself, the answers
and additions newer than the reader's previous read, each in the child's words
exactly as written; then the view (``bot.reading.read``: access check, audit);
then the actions (export, write to the child).

When the child's IRO reads a consultation the child has sent, the child is told
once per review ("Jo has read your My Review"), through the reminders machinery
(a ``child_read`` notification): it waits for the children's hours (09:00-19:00),
keeps to one message a day, is retried, and the IRO hears if it cannot be
delivered. ``/myreview`` shows the mark ("Jo has read it ✓") from then on.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import Planned, insert_rows
from bot.calendar.reviews import open_review_for
from bot.consultation import view as reading
from bot.consultation.answers import EXTRA, describe, live_answers
from bot.consultation.view import build_view, media_of, render_reading, render_view
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.people.turns import Turn
from bot.platform.access import may_read, require_read
from bot.platform.buttons import ExportTap, OpenReviewInFull, SummaryNew
from bot.platform.errors import AccessDenied
from bot.platform.replies import Button, Reply
from messages import iro as words
from messages import layout, text
from messages.questions import load_question_set
from messages.render import Html, Renderer, pack, quote_long, sentence
from models import Answer, Consultation, ConsultationRead, Person, Review

log = logging.getLogger(__name__)

EXPORTERS = ("iro", "social_worker")
"""Who gets the Export buttons: the case record is kept by the IRO and social worker."""


def last_read(
    session: Session, consultation_id: int | None, reader_id: int | None
) -> datetime | None:
    row = _row(session, consultation_id, reader_id)
    return row.last_read_at if row else None


def _row(
    session: Session, consultation_id: int | None, reader_id: int | None
) -> ConsultationRead | None:
    return session.exec(
        select(ConsultationRead)
        .where(ConsultationRead.consultation_id == consultation_id)
        .where(ConsultationRead.reader_id == reader_id)
    ).first()


def mark_read(
    session: Session, now: datetime, consultation: Consultation, reader: Person
) -> datetime | None:
    """Record this read; returns the reader's previous read (None the first time)."""
    row = _row(session, consultation.id, reader.id)
    if row is None:
        session.add(
            ConsultationRead(
                consultation_id=consultation.id,  # type: ignore[arg-type]
                reader_id=reader.id,  # type: ignore[arg-type]
                first_read_at=now,
                last_read_at=now,
            )
        )
        return None
    previous = row.last_read_at
    row.last_read_at = now
    session.add(row)
    return previous


def latest_answer_at(session: Session, consultation: Consultation) -> datetime | None:
    answers = live_answers(session, consultation)
    return max((a.created_at for a in answers), default=None)


def read_state(session: Session, consultation: Consultation | None, reader: Person) -> str | None:
    """For a list: "not_read", "read" or "new" (answers since the last read); None when
    there is nothing to read yet."""
    if consultation is None or consultation.status in ("not_started", "not_applicable"):
        return None
    read_at = last_read(session, consultation.id, reader.id)
    latest = latest_answer_at(session, consultation)
    if read_at is None:
        return "not_read" if consultation.status == "sent" else None
    if latest is not None and latest > read_at:
        return "new"
    return "read"


def iro_has_read(session: Session, review: Review, consultation: Consultation) -> bool:
    """The mark the child sees: their IRO read it after it was sent."""
    if consultation.status != "sent" or consultation.sent_at is None:
        return False
    read_at = last_read(session, consultation.id, review.iro_id)
    return read_at is not None and read_at >= consultation.sent_at


def _tell_child(session: Session, now: datetime, review: Review, child: Person) -> None:
    """Queue "Jo has read your My Review" for the child, once per review."""
    key = f"r{review.id}:{kinds.CHILD_READ}:once"
    insert_rows(session, [Planned(key, kinds.CHILD_READ, review.id, child.id or 0, now, None)], now)
    log.info("review %s: the IRO read My Review; the child will be told", review.id)


def _whats_new(
    session: Session, render: Renderer, view: reading.ConsultationView, since: datetime
) -> list[str]:
    band = view.consultation.band
    by_key = {q.key: q for q in load_question_set().for_band(band)} if band != "none" else {}
    fresh = [a for a in live_answers(session, view.consultation) if a.created_at > since]
    if not fresh:
        return [render(words.SINCE_LAST_READ_NONE, date=render.when(since))]
    blocks = [render(words.SINCE_LAST_READ, date=render.when(since))]
    for answer in fresh:
        blocks += _new_item(render, answer, by_key, band, view.child)
    return blocks


def _new_item(
    render: Renderer, answer: Answer, by_key: dict, band: str, child: Person
) -> list[str]:
    question = by_key.get(answer.question_key)
    if answer.addition or answer.question_key == EXTRA or question is None:
        heading = render(
            words.NEW_ITEM_ADDED, child=first_name(child), date=render.when(answer.created_at)
        )
    else:
        asked = sentence(render(question.text_for(band)))
        answered = render(words.NEW_ITEM_ANSWERED, date=render.when(answer.created_at))
        heading = render.markup(layout.HEADING_ABOVE, heading=Html(asked), body=Html(answered))
    if answer.kind in ("text", "photo", "voice") and answer.text:
        quotes = quote_long(answer.text)
        return [heading + "\n" + quotes[0], *quotes[1:]]
    return [heading + "\n" + describe(render, question, answer)]


def actions(
    render: Renderer, viewer: Person, review: Review, child: Person, *, full: bool = False
) -> list[list[Button]]:
    """The buttons under the view: every question (from the reading view), export for
    the case record, write to the child."""
    buttons: list[list[Button]] = []
    if not full:
        buttons.append(
            [Button(render.plain(words.EVERY_QUESTION), OpenReviewInFull(review.id or 0))]
        )
    if viewer.role in EXPORTERS:
        buttons.append(
            [
                Button(render.plain(words.EXPORT_PDF), ExportTap("pdf", review.id or 0)),
                Button(render.plain(words.EXPORT_DOCX), ExportTap("docx", review.id or 0)),
            ]
        )
    if viewer.role == "iro" and review.iro_id == viewer.id:
        label = render.plain(words.WRITE_TO_CHILD, child=first_name(child))
        buttons.append([Button(label, SummaryNew(review.id or 0))])
    return buttons


STAFF_READERS = ("iro", "social_worker", "carer")


def staff_renderer(session: Session, viewer: Person, child: Person, zone: ZoneInfo) -> Renderer:
    """The reader's language, with the child's own words put into the questions."""
    return Renderer(viewer.locale, words_for(session, child, viewer.locale), zone)


def open_view(
    session: Session,
    now: datetime,
    viewer: Person,
    review_id: int,
    chat_id: int,
    zone: ZoneInfo,
    *,
    full: bool = True,
    since: datetime | None = None,
) -> list[Reply]:
    """The view of one child's My Review, if this viewer may: checked and audited.
    ``full``: every question in order; otherwise the reading view (the child's words
    first, what is new since ``since`` marked)."""
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    try:
        if viewer.role not in STAFF_READERS:
            # The staff view is for the adults; a child gets their own copy with /mydata.
            raise AccessDenied()
        require_read(session, now, viewer, child, "read_consultation", review_id)
    except AccessDenied:
        return [Reply(chat_id, Renderer(viewer.locale)(text.NOT_ALLOWED))]
    assert review is not None and child is not None
    view = build_view(session, review)
    render = staff_renderer(session, viewer, child, zone)
    bodies = render_view(view, render) if full else render_reading(view, render, since)
    replies = [Reply(chat_id, body) for body in bodies]
    for kind, file_id, caption in media_of(view, render):
        if kind == "photo":
            replies.append(Reply(chat_id, html.escape(caption, quote=False), photo=file_id))
        else:
            replies.append(Reply(chat_id, html.escape(caption, quote=False), voice=file_id))
    return replies


def read(
    session: Session,
    now: datetime,
    viewer: Person,
    review_id: int,
    chat_id: int,
    zone: ZoneInfo,
    *,
    full: bool = False,
) -> list[Reply]:
    """Open one child's My Review: what's new since last time, the view (the reading
    view, or with ``full`` every question in order), the actions."""
    review = session.get(Review, review_id)
    child = session.get(Person, review.child_id) if review else None
    allowed = viewer.role in STAFF_READERS and may_read(viewer, child)
    since = None
    if allowed and review is not None:
        consultation = build_view(session, review).consultation
        since = last_read(session, consultation.id, viewer.id)
    # The view itself does the access check (and audits the read) or refuses.
    shown = open_view(session, now, viewer, review_id, chat_id, zone, full=full, since=since)
    if not allowed or review is None or child is None:
        return shown
    view = build_view(session, review)
    render = staff_renderer(session, viewer, child, zone)
    previous = mark_read(session, now, view.consultation, viewer)
    replies: list[Reply] = []
    if previous is not None and view.consultation.status != "not_started":
        replies = [
            Reply(chat_id, body) for body in pack(_whats_new(session, render, view, previous))
        ]
    if viewer.id == review.iro_id and view.consultation.status == "sent":
        _tell_child(session, now, review, child)
    buttons = actions(render, viewer, review, child, full=full)
    if buttons:
        # Under the last text of the view (photos and voice notes come after it).
        last_text = max(i for i, r in enumerate(shown) if r.photo is None and r.voice is None)
        shown[last_text].buttons = buttons
    return replies + shown


def child_mark(turn: Turn) -> list[Reply]:
    """``/myreview`` for a child whose IRO has read what they sent: "Jo has read it ✓"."""
    found = open_review_for(turn.session, turn.child, turn.now)
    if found is None:
        return []
    review, consultation = found
    if not iro_has_read(turn.session, review, consultation):
        return []
    iro = turn.session.get(Person, review.iro_id)
    render = turn.render
    if iro is not None:
        render = Renderer(render.locale, {**render.words, "iro": first_name(iro)}, render.zone)
    return [Reply(turn.chat_id, sentence(render(words.CHILD_READ_MARK)))]


def child_notice(session: Session, child: Person, review: Review, zone: ZoneInfo) -> str:
    """The one-off message to the child, in their words."""
    iro = session.get(Person, review.iro_id)
    values = words_for(session, child)
    if iro is not None:
        values["iro"] = first_name(iro)
    return sentence(Renderer(child.locale, values, zone)(words.CHILD_READ_NOTICE))
