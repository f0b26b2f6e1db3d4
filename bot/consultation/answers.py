"""Reading a consultation's state: its questions, where the child is, and the
answers that stand (a changed answer is kept, marked replaced), in plain words.
"""

from __future__ import annotations

import html
from datetime import datetime

from sqlmodel import Session, col, select

from bot.calendar.reviews import ACTIVE
from messages import layout, text
from messages.questions import Question, load_question_set
from messages.render import Renderer
from models import Answer, Consultation, Review

SUMMARY = "#summary"


EXTRA = "#extra"


SUMMARY_QUOTE = 300


def questions(consultation: Consultation) -> tuple[Question, ...]:
    return load_question_set().for_band(consultation.band)


def current_index(consultation: Consultation) -> int:
    qs = questions(consultation)
    if consultation.current_key == SUMMARY:
        return len(qs)
    for index, question in enumerate(qs):
        if question.key == consultation.current_key:
            return index
    return 0


def live_answers(session: Session, consultation: Consultation) -> list[Answer]:
    """The answers that stand: not replaced by a later one, oldest first."""
    return list(
        session.exec(
            select(Answer)
            .where(Answer.consultation_id == consultation.id)
            .where(col(Answer.replaced).is_(False))
            .order_by(col(Answer.created_at), col(Answer.id))
        )
    )


STANDING = "standing_answers"
"""Where a session keeps each consultation's standing answers once read (``Session.info``)."""


def standing_answers(session: Session, consultation: Consultation) -> dict[str, int | Answer]:
    """Which questions have an answer that stands (its id, or the answer saved in this
    session), read once per session: an answer saves without first asking the
    database whether it replaces one, and the next question finds its earlier answer
    without asking again. Ids only: an answer's words are decrypted when shown, not
    on every update. ``flow._save``, through which every answer to a question is
    saved, keeps this up to date."""
    known = session.info.setdefault(STANDING, {})
    if consultation.id not in known:
        rows = session.exec(
            select(Answer.question_key, Answer.id)
            .where(Answer.consultation_id == consultation.id)
            .where(col(Answer.replaced).is_(False))
            .where(col(Answer.addition).is_(False))
            .order_by(col(Answer.id))
        )
        known[consultation.id] = {key: answer_id for key, answer_id in rows}
    return known[consultation.id]


def answer_for(session: Session, consultation: Consultation, key: str) -> Answer | None:
    found = standing_answers(session, consultation).get(key)
    if found is None or isinstance(found, Answer):
        return found
    return session.get(Answer, found)


def is_open(review: Review, now: datetime) -> bool:
    return review.status == ACTIVE and review.scheduled_at > now


def describe(render: Renderer, question: Question | None, answer: Answer) -> str:
    """An answer in a few plain words (HTML), for "You said" lines and summaries."""
    if answer.kind == "skip":
        return render(text.SKIPPED_NOTED)
    if answer.kind == "choice" and question is not None:
        labels = {option.key: option.label for option in question.options}
        chosen = [render.plain(labels[key]) for key in answer.choices or [] if key in labels]
        return html.escape(", ".join(chosen), quote=False)
    if answer.kind == "scale" and answer.scale:
        word = render.plain(text.SCALE_WORDS[answer.scale - 1])
        return render.markup(layout.FEELING, emoji=text.SCALE_EMOJI[answer.scale - 1], word=word)
    if answer.kind == "photo":
        return render(text.SUMMARY_PHOTO)
    if answer.kind == "voice":
        return render(text.SUMMARY_VOICE)
    words = answer.text or ""
    if len(words) > SUMMARY_QUOTE:
        words = words[:SUMMARY_QUOTE].rstrip() + "…"
    return render.markup(layout.QUOTED, words=words)
