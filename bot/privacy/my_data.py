"""``/mydata``: a child's readable copy of everything held about them.

In their language: their details and words, every review with their answers
exactly as written (changed ones too), who has read them and when (from the
audit log), what their IRO wrote to them after a meeting and their replies,
their feedback, and the alerts raised about them (the fact, who was told and
who said they would help; never staff notes). As messages and as a text file,
with their photos and voice notes sent back. The read is audited.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlmodel import Session, col, select

from bot.calendar.workdays import LONDON, local_date
from bot.consultation.answers import EXTRA, describe
from bot.people.addresses import address_of
from bot.people.own_words import chosen_words, words_for
from bot.platform import audit
from bot.platform.replies import Reply
from bot.safeguarding.alerts import sent_to, told_as_the_child_says
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
    LeftCare,
    Person,
    Review,
    Summary,
    SummaryReply,
)

log = logging.getLogger(__name__)

BLOCK = 3500
"""Lines are gathered into blocks of at most this many characters before packing."""


# --- /mydata --------------------------------------------------------------------------


def my_data(
    session: Session,
    now: datetime,
    child: Person,
    zone: ZoneInfo = LONDON,
    chat_id: int | None = None,
) -> list[Reply]:
    """``/mydata``: the child's copy, as messages under Telegram's limit and as a file."""
    audit.record(session, now, "mydata", actor=child, child_id=child.id)
    session.flush()
    render = Renderer(child.locale, words_for(session, child), zone)
    blocks = data_blocks(session, now, child, render)
    chat_id = chat_id if chat_id is not None else address_of(child) or 0
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
    return format_date(day, "long", locale=render.babel)


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
            role = render.phrase(safety.CHILD_ROLE_WORDS.get(person.role, safety.WHO_OFFICE))
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
        told = sent_to(session, alert)
        when = render.when(alert.created_at)
        if told:
            who = told_as_the_child_says(render, told, chosen_words(session, child))
            lines = [render(safety.MYDATA_ALERT, when=when, why=why, who=who)]
        else:
            lines = [render(safety.MYDATA_ALERT_NOBODY, when=when, why=why)]
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


# --- the audit log, for managers and operators -------------------------------------------


# --- deactivating someone ----------------------------------------------------------------


# --- leaving care, and retention ------------------------------------------------------------
