"""A child's rights over their data, and what the service keeps and for how long.

* :func:`my_data` (``/mydata``): a child's readable copy of everything held about
  them, in their language: their details and words, every review with their
  answers exactly as written (changed ones too), who has read them and when (from
  the audit log), what their IRO wrote to them after a meeting and their replies,
  and the alerts raised about them (the fact, who was told and who said they would
  help; never staff notes). As messages and as a text file.
* :func:`audit_trail` (``myreview audit --child ID``): who did what, and when.
* :func:`deactivate` (``myreview people deactivate ID``): access ends at once.
* :func:`record_left_care` and :func:`run_retention` (``myreview people left-care``
  and ``myreview retention run``): a configured period after a child leaves care
  (``MYREVIEW_RETENTION_DAYS``, 365 by default) their answers and invites are
  deleted, every other sealed text tied to them (their Language that Cares words,
  alerts' words, summaries to them and their replies, words passed on about their
  reviews) is emptied, and the child is anonymised (name replaced, date of birth
  reduced to the year, Telegram account unlinked, inactive). The rows the
  statistics count stay: reviews, consultation status, sent date and age band,
  participation codes, report timing, alerts' concerns and times, and the fact
  that a child chose words of their own (``bot.stats`` gives the same figures
  before and after). A table with sealed text retention cannot tie to a child
  stops it (and fails ``tests/test_privacy.py``).

Every one of these is written to the audit log.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import Column, Table, and_, delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from bot.calendar.planner import replan_reviews_of
from bot.calendar.workdays import LONDON, local_date
from bot.consultation.flow import EXTRA, describe
from bot.people.own_words import chosen_words, words_for
from bot.people.records import get_person
from bot.platform import audit
from bot.platform.errors import UserError
from bot.platform.replies import Reply
from bot.privacy.key_rotation import sealed_columns
from bot.safeguarding.alerts import alert_id_of, workers_for
from messages import reminders as reminder_words
from messages import safety
from messages import text as common_text
from messages.feedback import load_feedback
from messages.questions import load_question_set, load_word_prompts
from messages.render import (
    Html,
    Renderer,
    locale_name,
    pack,
    quote,
    quote_long,
    sentence,
    to_plain,
)
from models import (
    Alert,
    Answer,
    AuditEvent,
    Consultation,
    Feedback,
    FeedbackAnswer,
    Invite,
    LeftCare,
    Notification,
    Person,
    Review,
    Summary,
    SummaryReply,
)
from models.reminders import CANCELLED, PENDING, SENT

log = logging.getLogger(__name__)

BLOCK = 3500
"""Lines are gathered into blocks of at most this many characters before packing."""
_BABEL = {"en": "en_GB"}


# --- /mydata --------------------------------------------------------------------------


def my_data(session: Session, now: datetime, child: Person, zone: ZoneInfo = LONDON) -> list[Reply]:
    """``/mydata``: the child's copy, as messages under Telegram's limit and as a file."""
    audit.record(session, now, "mydata", actor=child, child_id=child.id)
    session.flush()
    render = Renderer(child.locale, words_for(session, child), zone)
    blocks = data_blocks(session, now, child, render)
    chat_id = child.telegram_user_id or 0
    replies = [Reply(chat_id, body) for body in pack(blocks)]
    day = local_date(now, zone).isoformat()
    name = render.translate(safety.MYDATA_FILE_NAME).format(date=day)
    # The file has no length limit: each of the child's answers is one unbroken quote.
    whole = data_blocks(session, now, child, render, split=False)
    content = "\n\n".join(to_plain(block) for block in whole) + "\n"
    caption = render(safety.MYDATA_FILE_CAPTION)
    replies.append(Reply(chat_id, caption, document=(name, content.encode("utf-8"))))
    replies += _media(session, child, render, chat_id)
    log.info("person %s downloaded their data", child.id)
    return replies


def _feedback(session: Session, child: Person, render: Renderer) -> list[str]:
    """The child's taps on the day-after questions, question by question."""
    questions = {q.key: q for q in load_feedback().questions}
    blocks: list[str] = []
    rows = session.exec(
        select(Feedback, Review)
        .join(Review, col(Review.id) == Feedback.review_id)
        .where(Feedback.person_id == child.id)
        .order_by(col(Review.scheduled_at))
    )
    for feedback, review in rows:
        answers = session.exec(
            select(FeedbackAnswer)
            .where(FeedbackAnswer.feedback_id == feedback.id)
            .order_by(col(FeedbackAnswer.id))
        ).all()
        if not answers:
            continue
        lines = []
        for answer in answers:
            question = questions.get(answer.question_key)
            if question is None:
                continue
            if answer.value == "skip":
                said = render(common_text.SKIPPED_NOTED)
            elif question.kind == "scale" and answer.value.isdigit():
                said = common_text.SCALE_EMOJI[int(answer.value) - 1]
            else:
                labels = {o.key: o.label for o in question.options}
                said = render(labels.get(answer.value, answer.value))
            lines.append(
                render(
                    safety.MYDATA_FEEDBACK_LINE, question=render(question.text), answer=Html(said)
                )
            )
        header = render(safety.MYDATA_FEEDBACK, date=render.day(review.scheduled_at))
        blocks += _chunks(header, lines)
    return blocks


def _media(session: Session, child: Person, render: Renderer, chat_id: int) -> list[Reply]:
    """The child's own photos and voice notes, sent back to them."""
    qs = load_question_set()
    known = {q.key: q for q in qs.questions}
    rows = session.exec(
        select(Answer, Consultation)
        .join(Consultation, col(Consultation.id) == Answer.consultation_id)
        .where(Consultation.child_id == child.id)
        .where(col(Answer.file_id).is_not(None))
        .order_by(col(Answer.id))
    )
    replies = []
    for answer, consultation in rows:
        question = known.get(answer.question_key)
        asked = (
            render.plain(question.text_for(consultation.band))
            if question
            else render.plain(common_text.ADD_SOMETHING)
        )
        what = render.translate(
            common_text.SUMMARY_PHOTO if answer.kind == "photo" else common_text.SUMMARY_VOICE
        )
        caption = html.escape(
            render.plain(safety.MYDATA_MEDIA, what=what, question=asked)[:1000], quote=False
        )
        if answer.kind == "photo":
            replies.append(Reply(chat_id, caption, photo=answer.file_id))
        elif answer.kind == "voice":
            replies.append(Reply(chat_id, caption, voice=answer.file_id))
    return replies


def _long_date(render: Renderer, day: date) -> str:
    return format_date(day, "long", locale=_BABEL.get(render.locale, render.locale))


def _midday(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(12), tzinfo=zone)


def _chunks(header: str, lines: Iterable[str]) -> list[str]:
    """A heading and its lines as blocks small enough for one message each."""
    blocks = [header]
    for line in lines:
        if len(blocks[-1]) + len(line) + 1 > BLOCK:
            blocks.append(line)
        else:
            blocks[-1] += "\n" + line
    return blocks


def data_blocks(
    session: Session, now: datetime, child: Person, render: Renderer, *, split: bool = True
) -> list[str]:
    """Everything held about the child, as Telegram HTML blocks in their language.

    ``split``: long words are cut into quotes that each fit one message."""
    zone = render.zone
    blocks = [render(safety.MYDATA_INTRO, date=render.day(now))]
    blocks += _about(session, child, render)
    blocks += _chosen(session, child, render)
    blocks += _reviews(session, child, render, split)
    blocks += _summaries(session, child, render, split)
    blocks += _feedback(session, child, render)
    blocks += _reads(session, child, render, zone)
    blocks += _alerts(session, child, render, split)
    blocks.append(render(safety.MYDATA_END))
    return blocks


def _about(session: Session, child: Person, render: Renderer) -> list[str]:
    lines = [render(safety.MYDATA_NAME, value=child.name)]
    if child.dob is not None:
        lines.append(render(safety.MYDATA_DOB, value=_long_date(render, child.dob)))
    lines.append(render(safety.MYDATA_LANGUAGE, value=locale_name(child.locale)))
    lines.append(render(safety.MYDATA_JOINED, value=_long_date(render, child.created_at.date())))
    if child.entered_care is not None:
        value = _long_date(render, child.entered_care)
        lines.append(render(safety.MYDATA_ENTERED_CARE, value=value))
    left = session.get(LeftCare, child.id)
    if left is not None:
        lines.append(render(safety.MYDATA_LEFT_CARE, value=_long_date(render, left.left_on)))
    for person_id, msgid in (
        (child.iro_id, safety.MYDATA_IRO),
        (child.social_worker_id, safety.MYDATA_SOCIAL_WORKER),
        (child.carer_id, safety.MYDATA_CARER),
    ):
        person = session.get(Person, person_id) if person_id else None
        if person is not None:
            lines.append(sentence(render(msgid, value=person.name)))
    if child.telegram_user_id is not None:
        lines.append(render(safety.MYDATA_TELEGRAM))
    return _chunks(render(safety.MYDATA_ABOUT), lines)


def _chosen(session: Session, child: Person, render: Renderer) -> list[str]:
    chosen = chosen_words(session, child)
    prompts = {prompt.key: prompt for prompt in load_word_prompts()}
    lines = []
    for key, value in chosen.items():
        prompt = prompts.get(key)
        label = render.plain(prompt.ask) if prompt else key
        lines.append(render(safety.MYDATA_WORD, label=label, value=value))
    return _chunks(render(safety.MYDATA_WORDS), lines or [render(safety.MYDATA_NO_WORDS)])


def _state(render: Renderer, consultation: Consultation | None) -> Html:
    if consultation is None or consultation.status == "not_applicable":
        return Html(render(safety.MYDATA_STATE_NOT_ASKED))
    if consultation.status == "sent" and consultation.sent_at is not None:
        return Html(render(safety.MYDATA_STATE_SENT, date=render.when(consultation.sent_at)))
    if consultation.status == "in_progress":
        return Html(render(safety.MYDATA_STATE_IN_PROGRESS))
    return Html(render(safety.MYDATA_STATE_NOT_STARTED))


def _quotes(words: str, split: bool) -> list[str]:
    return quote_long(words, limit=3400) if split else [quote(words)]


def answer_blocks(render: Renderer, answer: Answer, asked: str, split: bool = True) -> list[str]:
    """One answer, exactly as the child gave it: text in full, in block quotes."""
    question = None
    if answer.question_key != EXTRA:
        try:
            question = load_question_set().question(answer.question_key)
        except KeyError:
            question = None
    if answer.kind in ("text", "photo", "voice"):
        media = {"photo": common_text.SUMMARY_PHOTO, "voice": common_text.SUMMARY_VOICE}
        parts = [render(media[answer.kind])] if answer.kind in media else []
        quotes = _quotes(answer.text, split) if answer.text else []
        first = "\n".join([*parts, *quotes[:1]])
        said = [first, *quotes[1:]]
    else:
        said = [describe(render, question, answer)]
    if answer.question_key == EXTRA or answer.addition:
        said[0] = render(safety.MYDATA_EXTRA, answer=Html(said[0]))
    else:
        said[0] = render(safety.MYDATA_ANSWER, question=asked, answer=Html(said[0]))
    return said


def _reviews(session: Session, child: Person, render: Renderer, split: bool) -> list[str]:
    found = list(
        session.exec(
            select(Review, Consultation)
            .join(Consultation, col(Consultation.review_id) == Review.id, isouter=True)
            .where(Review.child_id == child.id)
            .order_by(col(Review.scheduled_at))
        )
    )
    if not found:
        return [render(safety.MYDATA_NO_REVIEWS)]
    qs = load_question_set()
    order = {q.key: i for i, q in enumerate(qs.questions)}
    blocks = []
    for review, consultation in found:
        head = sentence(
            render(
                safety.MYDATA_REVIEW,
                date=render.when(review.scheduled_at),
                state=_state(render, consultation),
            )
        )
        blocks.append(head)
        if consultation is None:
            continue
        answers = sorted(
            session.exec(select(Answer).where(Answer.consultation_id == consultation.id)),
            key=lambda a: (order.get(a.question_key, len(order)), a.created_at, a.id or 0),
        )
        band = consultation.band if consultation.band in ("4-8", "9-12", "13+") else "13+"
        for answer in answers:
            asked = ""
            if answer.question_key in order:
                asked = render.plain(qs.question(answer.question_key).text_for(band))
            parts = answer_blocks(render, answer, asked, split)
            if answer.replaced:
                parts[0] = render(safety.MYDATA_CHANGED) + "\n" + parts[0]
            if answer.answered_by_id != child.id:
                helper = session.get(Person, answer.answered_by_id)
                if helper is not None:
                    parts[-1] += "\n" + render(safety.MYDATA_ANSWER_BY, helper=helper.name)
            blocks += parts
    return blocks


def _summaries(session: Session, child: Person, render: Renderer, split: bool) -> list[str]:
    """What their IRO wrote to them after a meeting (once sent), and what they wrote back."""
    sent = list(
        session.exec(
            select(Summary)
            .where(Summary.child_id == child.id)
            .where(Summary.status == "sent")
            .order_by(col(Summary.sent_at), col(Summary.id))
        )
    )
    if not sent:
        return []
    blocks = [render(safety.MYDATA_SUMMARIES)]
    for summary in sent:
        iro = session.get(Person, summary.iro_id)
        when = render.when(summary.sent_at or summary.created_at)
        said = render(safety.MYDATA_SUMMARY, when=when, name=iro.name if iro else "")
        quotes = _quotes(summary.text, split) if summary.text else []
        blocks += ["\n".join([said, *quotes[:1]]), *quotes[1:]]
        replies = session.exec(
            select(SummaryReply)
            .where(SummaryReply.summary_id == summary.id)
            .where(SummaryReply.child_id == child.id)
            .order_by(col(SummaryReply.created_at), col(SummaryReply.id))
        )
        for reply in replies:
            quotes = _quotes(reply.text, split) if reply.text else []
            wrote = render(safety.MYDATA_REPLY, when=render.when(reply.created_at))
            blocks += ["\n".join([wrote, *quotes[:1]]), *quotes[1:]]
    return blocks


def _who(session: Session, event: AuditEvent, child: Person, render: Renderer) -> str:
    if event.actor_id is not None:
        if event.actor_id == child.id:
            return render.plain(safety.WHO_YOU)
        person = session.get(Person, event.actor_id)
        if person is not None:
            role = render.translate(common_text.ROLE_WORDS.get(person.role, common_text.ROLE_CHILD))
            return render.plain(safety.WHO_PERSON, name=person.name, role=role)
    if event.actor_label == "bot":
        return render.plain(safety.WHO_BOT)
    return render.plain(safety.WHO_OFFICE)


def _reads(session: Session, child: Person, render: Renderer, zone: ZoneInfo) -> list[str]:
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.child_id == child.id)
        .where(AuditEvent.action != "alert_raised")
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    lines = []
    for event in events:
        what = render.translate(safety.READ_WHAT.get(event.action, safety.READ_SOMETHING))
        who = _who(session, event, child, render)
        lines.append(render(safety.MYDATA_READ, when=render.when(event.at), who=who, what=what))
    return _chunks(render(safety.MYDATA_READS), lines or [render(safety.MYDATA_NO_READS)])


def _alerts(session: Session, child: Person, render: Renderer, split: bool) -> list[str]:
    alerts = list(
        session.exec(
            select(Alert).where(Alert.child_id == child.id).order_by(col(Alert.created_at))
        )
    )
    if not alerts:
        return [render(safety.MYDATA_ALERTS) + "\n" + render(safety.MYDATA_NO_ALERTS)]
    blocks = [render(safety.MYDATA_ALERTS)]
    for alert in alerts:
        why = "; ".join(render.translate(safety.CONCERN_CHILD.get(c, c)) for c in alert.concerns)
        told = _told(session, alert) or workers_for(session, child)
        names = [person.name for person in told]
        who = (
            render.plain(safety.AND, first=", ".join(names[:-1]), second=names[-1])
            if len(names) > 1
            else (names[0] if names else render.plain(safety.CHILD_TOLD_TEAM))
        )
        lines = [render(safety.MYDATA_ALERT, when=render.when(alert.created_at), why=why, who=who)]
        if alert.acknowledged_at is not None and alert.acknowledged_by_id is not None:
            by = session.get(Person, alert.acknowledged_by_id)
            when = render.when(alert.acknowledged_at)
            lines.append(render(safety.MYDATA_ALERT_ON_IT, name=by.name if by else "", when=when))
        if alert.words:
            quotes = _quotes(alert.words, split)
            lines.append(render(safety.MYDATA_ALERT_WORDS) + "\n" + quotes[0])
            blocks.append("\n".join(lines))
            blocks += quotes[1:]
        else:
            blocks.append("\n".join(lines))
    return blocks


def _told(session: Session, alert: Alert) -> list[Person]:
    rows = session.exec(
        select(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:%"))
        .where(Notification.status == SENT)
        .order_by(col(Notification.id))
    )
    ids = [row.recipient_id for row in rows if alert_id_of(row) == alert.id]
    people = (session.get(Person, person_id) for person_id in dict.fromkeys(ids))
    return [person for person in people if person is not None]


# --- the audit log, for managers and operators -------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor_id: int | None
    actor: str
    role: str | None
    action: str
    review_id: int | None
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": {"id": self.actor_id, "name": self.actor, "role": self.role},
            "action": self.action,
            "review": self.review_id,
            "detail": self.detail or None,
        }


def audit_trail(
    session: Session, now: datetime, child_id: int, *, reader: str = "operator (cli)"
) -> list[AuditRow]:
    """Every audit row about a child, oldest first; reading it is itself recorded."""
    get_person(session, child_id, "child")
    rows = []
    query = (
        select(AuditEvent)
        .where(AuditEvent.child_id == child_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    for event in session.exec(query):
        person = session.get(Person, event.actor_id) if event.actor_id is not None else None
        rows.append(
            AuditRow(
                at=event.at,
                actor_id=event.actor_id,
                actor=person.name if person is not None else event.actor_label,
                role=person.role if person is not None else None,
                action=event.action,
                review_id=event.review_id,
                detail=event.detail,
            )
        )
    audit.record(session, now, "read_audit", actor_label=reader, child_id=child_id)
    return rows


# --- deactivating someone ----------------------------------------------------------------


@dataclass
class Deactivated:
    person_id: int
    role: str
    already: bool
    notifications_cancelled: int = 0
    invites_revoked: int = 0
    helpers_stopped: int = 0
    reviews_replanned: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.person_id,
            "role": self.role,
            "already_inactive": self.already,
            "notifications_cancelled": self.notifications_cancelled,
            "invites_revoked": self.invites_revoked,
            "helpers_stopped": self.helpers_stopped,
            "reviews_replanned": self.reviews_replanned,
        }


def _cancel_pending_to(session: Session, now: datetime, person_id: int, reason: str) -> int:
    return int(
        session.exec(  # type: ignore[call-overload]
            update(Notification)
            .where(col(Notification.recipient_id) == person_id)
            .where(col(Notification.status) == PENDING)
            .values(status=CANCELLED, last_error=reason)
        ).rowcount
    )


def _stop_access(session: Session, now: datetime, person: Person, reason: str) -> Deactivated:
    """Shared by deactivation and anonymisation: nothing more reaches or comes from them."""
    result = Deactivated(person.id or 0, person.role, already=not person.active)
    person.active = False
    # The account is unlinked too, so it could be linked again (to a new record) later.
    person.telegram_user_id = None
    person.helping_child_id = None
    person.awaiting_input = None
    session.add(person)
    result.invites_revoked = int(
        session.exec(  # type: ignore[call-overload]
            update(Invite)
            .where(col(Invite.person_id) == person.id)
            .where(col(Invite.used_at).is_(None))
            .where(col(Invite.revoked_at).is_(None))
            .values(revoked_at=now)
        ).rowcount
    )
    # Anyone sitting with this child in helping mode is cut off at once.
    result.helpers_stopped = int(
        session.exec(  # type: ignore[call-overload]
            update(Person)
            .where(col(Person.helping_child_id) == person.id)
            .values(helping_child_id=None)
        ).rowcount
    )
    session.flush()
    result.notifications_cancelled = _cancel_pending_to(session, now, person.id or 0, reason)
    return result


def deactivate(
    session: Session, now: datetime, person_id: int, zone: ZoneInfo = LONDON
) -> Deactivated:
    """Remove a person's access at once: their next update is a stranger's."""
    person = get_person(session, person_id)
    result = _stop_access(session, now, person, reminder_words.DEACTIVATED)
    # Their reviews' reminders are planned again without them (the planner skips the
    # inactive): a social worker's report reminders stop, a child's nudges stop.
    result.reviews_replanned = replan_reviews_of(session, now, person_id, zone).reviews
    audit.record(
        session,
        now,
        "person_deactivated",
        actor_label="operator (cli)",
        child_id=person.id if person.role == "child" else None,
        detail=f"{person.role}:{person.id}",
    )
    log.warning("person %s (%s) deactivated", person.id, person.role)
    return result


# --- leaving care, and retention ------------------------------------------------------------


def record_left_care(session: Session, now: datetime, child_id: int, left_on: date) -> LeftCare:
    """``myreview people left-care ID --on DATE``: the day retention counts from."""
    child = get_person(session, child_id, "child")
    if left_on > now.date():
        raise UserError("the leaving-care date is in the future")
    if child.entered_care is not None and left_on < child.entered_care:
        raise UserError("the leaving-care date is before the child came into care")
    row = session.get(LeftCare, child_id)
    if row is not None and row.anonymised_at is not None:
        raise UserError(f"child {child_id}'s record was already anonymised")
    if row is None:
        row = LeftCare(child_id=child_id, left_on=left_on, recorded_at=now)
    row.left_on = left_on
    row.recorded_at = now
    session.add(row)
    audit.record(
        session,
        now,
        "left_care_recorded",
        actor_label="operator (cli)",
        child_id=child_id,
        detail=f"left care on {left_on.isoformat()}",
    )
    return row


@dataclass
class Erased:
    child_id: int
    left_on: date
    removed: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"child": self.child_id, "left_care": self.left_on.isoformat(), **self.removed}


@dataclass
class RetentionReport:
    now: datetime
    days: int
    dry_run: bool
    children: list[Erased] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "retention_days": self.days,
            "dry_run": self.dry_run,
            "children": [child.as_json() for child in self.children],
        }


def due_for_retention(
    session: Session, now: datetime, days: int, zone: ZoneInfo = LONDON
) -> list[LeftCare]:
    """Children who left care at least ``days`` ago and are not anonymised yet."""
    last_day = local_date(now, zone) - timedelta(days=days)
    return list(
        session.exec(
            select(LeftCare)
            .where(col(LeftCare.left_on) <= last_day)
            .where(col(LeftCare.anonymised_at).is_(None))
            .order_by(col(LeftCare.child_id))
        )
    )


# Removed outright, before the general rule below: what the child said in My Review.
_DELETED_FIRST = ("answer",)
# Columns that tie a row with sealed text to a child: child, review, consultation, or
# the person a message was to or about.
_LINKS = ("child_id", "consultation_id", "review_id", "recipient_id", "about_id")


def sealed_tables() -> list[tuple[Table, list[Column]]]:  # type: ignore[type-arg]
    """Every table with sealed text, dependants before what they depend on."""
    found: dict[str, tuple[Table, list[Column]]] = {}  # type: ignore[type-arg]
    for table, column in sealed_columns():
        found.setdefault(table.name, (table, []))[1].append(column)
    ordered = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    return [found[name] for name in ordered if name in found]


def uncovered_sealed_tables() -> list[str]:
    """Tables with sealed text that retention could not tie to a child (must be empty)."""
    return [
        table.name
        for table, _ in sealed_tables()
        if table.name not in _DELETED_FIRST and not any(link in table.c for link in _LINKS)
    ]


def _erase_sealed(
    session: Session, child_id: int, reviews: list[int], consultations: list[int]
) -> dict[str, int]:
    """Remove every sealed value tied to the child: NULL, or "" where a value is required.

    The rows stay, so every figure counted from them (a child chose their own words;
    a summary was sent) is the same afterwards; the words themselves are gone."""
    removed: dict[str, int] = {}
    for table, columns in sealed_tables():
        if table.name in _DELETED_FIRST:
            continue
        ties = []
        for link in _LINKS:
            if link not in table.c:
                continue
            column = table.c[link]
            if link == "review_id":
                ties.append(column.in_(reviews or [-1]))
            elif link == "consultation_id":
                ties.append(column.in_(consultations or [-1]))
            else:
                ties.append(column == child_id)
        if not ties:
            raise RuntimeError(f"retention cannot tie table {table.name} to a child")
        holding = or_(*(c.is_not(None) for c in columns))
        blank = {c.name: (None if c.nullable else "") for c in columns}
        statement = update(table).where(and_(or_(*ties), holding)).values(blank)
        count = int(session.exec(statement).rowcount)  # type: ignore[call-overload]
        if count:
            label = f"{table.name}_words_removed"
            removed[label] = removed.get(label, 0) + count
    return removed


def _erase_child(session: Session, now: datetime, left: LeftCare) -> Erased:
    child = get_person(session, left.child_id, "child")
    erased = Erased(child.id or 0, left.left_on)
    reviews = list(session.exec(select(Review.id).where(Review.child_id == child.id)))
    consultations = list(
        session.exec(select(Consultation.id).where(Consultation.child_id == child.id))
    )
    removed = erased.removed
    removed["answers_deleted"] = int(
        session.exec(  # type: ignore[call-overload]
            delete(Answer).where(col(Answer.consultation_id).in_(consultations or [-1]))
        ).rowcount
    )
    removed["invites_deleted"] = int(
        session.exec(delete(Invite).where(col(Invite.person_id) == child.id)).rowcount  # type: ignore[call-overload]
    )
    # Where the child was in a consultation, and the ticks not yet sent, are their choices.
    session.exec(  # type: ignore[call-overload]
        update(Consultation)
        .where(col(Consultation.child_id) == child.id)
        .values(current_key=None, draft_choices=[], awaiting_addition=False)
    )
    for label, count in _erase_sealed(session, child.id or 0, reviews, consultations).items():
        removed[label] = removed.get(label, 0) + count
    stopped = _stop_access(session, now, child, "anonymised")
    removed["notifications_cancelled"] = stopped.notifications_cancelled
    child.name = safety.ANONYMISED_NAME.format(id=child.id)
    if child.dob is not None:
        child.dob = date(child.dob.year, 1, 1)
    child.external_ref = None
    child.setup_step = None
    child.unreachable = False
    session.add(child)
    left.anonymised_at = now
    session.add(left)
    audit.record(
        session,
        now,
        "retention_anonymised",
        actor_label="operator (cli)",
        child_id=child.id,
        detail=", ".join(f"{k} {v}" for k, v in sorted(removed.items()) if v)[:200],
    )
    log.warning("retention: child %s anonymised (%s)", child.id, removed)
    return erased


def run_retention(
    session: Session, now: datetime, days: int, zone: ZoneInfo = LONDON, *, dry_run: bool = False
) -> RetentionReport:
    """Delete and anonymise what is due; ``dry_run`` says what would go and keeps it all."""
    report = RetentionReport(now, days, dry_run)
    for left in due_for_retention(session, now, days, zone):
        report.children.append(_erase_child(session, now, left))
    session.flush()
    if dry_run:
        session.rollback()
    return report
