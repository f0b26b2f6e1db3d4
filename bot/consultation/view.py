"""What an IRO (or the child's social worker or carer) reads: the list of upcoming
reviews, and one child's My Review, grouped by section, in the child's words.

Every read passes ``access.require_read`` and is audited. The view is built as
plain data first (``ConsultationView``) so the terminal, Telegram and exports
show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.calendar.reviews import get_review
from bot.consultation.answers import EXTRA, describe, live_answers
from bot.people.own_words import chosen_words, words_for
from bot.people.records import first_name
from bot.platform import audit
from bot.safeguarding.written_in import english_name
from messages import iro as iro_words
from messages import layout, text
from messages.questions import Question, load_question_set
from messages.render import (
    Html,
    Renderer,
    catalog_review,
    pack,
    quote_long,
    sentence,
    to_plain,
)
from models import Answer, Consultation, Person, Review


@dataclass
class AnswerView:
    question: Question | None
    answer: Answer


@dataclass
class SectionView:
    key: str
    title: str
    emoji: str
    answers: list[AnswerView] = field(default_factory=list)


@dataclass
class ConsultationView:
    review: Review
    child: Person
    consultation: Consultation
    sections: list[SectionView]
    extras: list[Answer]
    helpers: list[Person]
    words: dict[str, str]


def build_view(session: Session, review: Review) -> ConsultationView:
    """The child's answers by section, in question order. No access check: callers do it."""
    child = session.get(Person, review.child_id)
    consultation = session.exec(
        select(Consultation).where(Consultation.review_id == review.id)
    ).one()
    assert child is not None
    qs = load_question_set()
    band = qs.for_band(consultation.band) if consultation.status != "not_applicable" else ()
    order = {q.key: i for i, q in enumerate(band)}
    by_key = {q.key: q for q in band}
    answers = live_answers(session, consultation)
    extras = [a for a in answers if a.addition or a.question_key == EXTRA]
    main = sorted(
        (a for a in answers if a not in extras and a.question_key in order),
        key=lambda a: (order[a.question_key], a.id),
    )
    sections: list[SectionView] = []
    for answer in main:
        question = by_key[answer.question_key]
        if not sections or sections[-1].key != question.section:
            section = qs.section(question.section)
            sections.append(SectionView(section.key, section.title, section.emoji))
        sections[-1].answers.append(AnswerView(question, answer))
    helper_ids = {a.answered_by_id for a in answers if a.answered_by_id != child.id}
    helpers = [p for p in (session.get(Person, i) for i in sorted(helper_ids)) if p is not None]
    return ConsultationView(
        review, child, consultation, sections, extras, helpers, chosen_words(session, child)
    )


def state_text(render: Renderer, consultation: Consultation | None) -> str:
    if consultation is None or consultation.status == "not_applicable":
        return render(text.STATE_NOT_APPLICABLE)
    if consultation.status == "sent" and consultation.sent_at:
        return render(text.STATE_SENT, date=render.day(consultation.sent_at))
    if consultation.status == "in_progress":
        return render(text.STATE_IN_PROGRESS)
    return render(text.STATE_NOT_STARTED)


def language_note(render: Renderer, answer: Answer, child: Person) -> str:
    """Above words not in English: the language they are in, and a flag if the
    safety check could not read them. Empty for English."""
    if answer.written_in is None or (answer.written_in == "en" and not answer.unchecked):
        return ""
    language = english_name(answer.written_in)
    if answer.unchecked:
        return render(iro_words.VIEW_UNCHECKED, language=language) + "\n"
    return render(iro_words.VIEW_WRITTEN_IN, language=language, child=first_name(child)) + "\n"


def language_line(render: Renderer, child: Person) -> str:
    """The language the child reads My Review in, and whether a translator checked it."""
    language = english_name(child.locale)
    review = catalog_review(child.locale)
    if review.status == "reviewed":
        return render(
            text.VIEW_LANGUAGE_REVIEWED,
            child=first_name(child),
            language=language,
            by=review.by,
            on=review.on,
        )
    return render(text.VIEW_LANGUAGE_DRAFT, child=first_name(child), language=language)


def channels(view: ConsultationView) -> set[str]:
    """Where the child answered: "telegram", "web", or both."""
    found = {a.answer.channel for s in view.sections for a in s.answers}
    return found | {a.channel for a in view.extras}


def channel_line(render: Renderer, view: ConsultationView) -> str:
    """Which channel the child used: the one thing staff read differently (the words
    themselves are the same rows whichever it was)."""
    found = channels(view)
    if found == {"web"}:
        return render(text.VIEW_CHANNEL_WEB, child=first_name(view.child))
    if found == {"web", "telegram"}:
        return render(text.VIEW_CHANNEL_BOTH, child=first_name(view.child))
    return ""


def _answer_blocks(render: Renderer, view: AnswerView, band: str, child: Person) -> list[str]:
    answer = view.answer
    heading = ""
    if view.question is not None:
        asked = Html(sentence(render(view.question.text_for(band))))
        heading = render.markup(layout.BOLD, text=asked) + "\n"
    heading += language_note(render, answer, child)
    if answer.kind == "skip":
        return [heading + render(text.VIEW_SKIPPED)]
    if answer.kind in ("text", "photo", "voice") and answer.text:
        quotes = quote_long(answer.text)
        media = ""
        if answer.kind == "photo":
            media = render(text.VIEW_PHOTO) + "\n"
        elif answer.kind == "voice":
            media = render(text.VIEW_VOICE) + "\n"
        return [heading + media + quotes[0], *quotes[1:]]
    if answer.kind == "photo":
        return [heading + render(text.VIEW_PHOTO)]
    if answer.kind == "voice":
        return [heading + render(text.VIEW_VOICE)]
    return [heading + describe(render, view.question, answer)]


def _header(view: ConsultationView, render: Renderer) -> list[str]:
    child_name = view.child.name
    header = [
        render(text.VIEW_HEADER, child=child_name, date=render.when(view.review.scheduled_at))
    ]
    if view.consultation.status == "sent" and view.consultation.sent_at:
        header.append(render(text.VIEW_SENT, date=render.when(view.consultation.sent_at)))
    else:
        header.append(render(text.VIEW_NOT_SENT, state=state_text(render, view.consultation)))
    for helper in view.helpers:
        role = render.translate(text.ROLE_WORDS.get(helper.role, text.ROLE_CHILD))
        header.append(render(text.VIEW_HELPED, helper=helper.name, role=role))
    if view.child.locale != render.locale:
        header.append(language_line(render, view.child))
    channel = channel_line(render, view)
    if channel:
        header.append(channel)
    if view.words:
        chosen = "; ".join(
            f"{render.translate(text.WORD_LABELS.get(key, key))} → “{value}”"
            for key, value in view.words.items()
        )
        header.append(render(text.VIEW_WORDS, child=first_name(view.child), words=chosen))
    return header


def render_view(view: ConsultationView, render: Renderer) -> list[str]:
    """The consultation as Telegram HTML messages, each under the length limit: every
    question in order (the full view, one tap from the reading view)."""
    band = view.consultation.band
    blocks = ["\n".join(_header(view, render))]
    if not view.sections and not view.extras:
        blocks.append(render(text.VIEW_NO_ANSWERS))
    for section in view.sections:
        title = Html(sentence(render(section.title)))
        blocks.append(render.markup(layout.SECTION_UNDERLINED, emoji=section.emoji, title=title))
        for item in section.answers:
            blocks += _answer_blocks(render, item, band, view.child)
    if view.extras:
        sent_at = view.consultation.sent_at
        blocks.append(render(text.MORE_FROM_CHILD, child=first_name(view.child)))
        for extra in view.extras:
            parts = _answer_blocks(render, AnswerView(None, extra), band, view.child)
            if sent_at and extra.created_at > sent_at:
                parts[0] = (
                    render(text.VIEW_ADDED_AFTER, date=render.when(extra.created_at))
                    + "\n"
                    + parts[0]
                )
            blocks += parts
    return pack(blocks)


WORDS_KINDS = ("text", "photo", "voice")


def render_reading(
    view: ConsultationView, render: Renderer, since: datetime | None = None
) -> list[str]:
    """What a reader wants first: the child's own words, photos and voice notes; then
    their choices and feelings, a line each; then how many questions they skipped.
    ``since``: the reader's last read, after which an answer is marked new."""
    band = view.consultation.band
    name = first_name(view.child)
    answered = [item for section in view.sections for item in section.answers]
    skipped = [item for item in answered if item.answer.kind == "skip"]
    words = [item for item in answered if item.answer.kind in WORDS_KINDS]
    words += [AnswerView(None, extra) for extra in view.extras]
    chosen = [item for item in answered if item.answer.kind in ("choice", "scale")]

    def new(answer: Answer) -> str:
        fresh = since is not None and answer.created_at > since
        return render(text.VIEW_NEW) + " " if fresh else ""

    header = _header(view, render)
    if since is not None and any(new(item.answer) for item in [*words, *chosen]):
        header.append(render(text.VIEW_NEW_KEY, date=render.when(since)))
    blocks = ["\n".join(header)]
    if not words and not chosen:
        blocks.append(render(text.VIEW_NO_ANSWERS))
    if words:
        blocks.append(render(text.VIEW_IN_THEIR_WORDS, child=name))
        for item in words:
            parts = _answer_blocks(render, item, band, view.child)
            if item.question is None:
                parts[0] = render(text.MORE_FROM_CHILD, child=name) + "\n" + parts[0]
            parts[0] = new(item.answer) + parts[0]
            blocks += parts
    if chosen:
        lines = [render(text.VIEW_CHOICES, child=name)]
        for item in chosen:
            asked = sentence(render(item.question.text_for(band))) if item.question else ""
            answer = Html(describe(render, item.question, item.answer))
            line = render.markup(layout.CHOICE_LINE, question=Html(asked), answer=answer)
            lines.append(new(item.answer) + line)
        blocks.append("\n".join(lines))
    if skipped:
        blocks.append(
            render(text.VIEW_SKIPPED_ONE)
            if len(skipped) == 1
            else render(text.VIEW_SKIPPED_MANY, count=len(skipped))
        )
    return pack(blocks)


def media_of(view: ConsultationView, render: Renderer) -> list[tuple[str, str, str]]:
    """Photos and voice notes to forward: (kind, file id, caption)."""
    found = []
    band = view.consultation.band
    items = [(i.question, i.answer) for s in view.sections for i in s.answers]
    items += [(None, a) for a in view.extras]
    for question, answer in items:
        if answer.kind in ("photo", "voice") and answer.file_id:
            asked = (
                render.plain(question.text_for(band))
                if question
                else render.plain(text.ADD_SOMETHING)
            )
            caption = render.plain(
                text.VIEW_MEDIA_CAPTION, child=first_name(view.child), question=asked
            )
            found.append((answer.kind, answer.file_id, caption[:1000]))
    return found


def terminal_text(session: Session, now: datetime, review_id: int, zone: ZoneInfo) -> str:
    """``myreview consultations show``: the IRO's view as plain text, audited as the operator."""
    review = get_review(session, review_id)
    child = session.get(Person, review.child_id)
    assert child is not None
    audit.record(
        session,
        now,
        "read_consultation",
        actor_label="operator (cli)",
        child_id=child.id,
        review_id=review.id,
    )
    view = build_view(session, review)
    render = Renderer("en", words_for(session, child, "en"), zone)
    return "\n\n".join(to_plain(body) for body in render_view(view, render))
