"""Feedback the day after a meeting: a few questions to the child and the adults.

When the IRO records a meeting as held (``bot.held``), ``plan`` adds a
``Feedback`` row and a ``feedback`` notification for each of: the child (one set
of questions if they attended, another if not; none for a child under 4, who
has no My Review), their social worker and their carer. The question sets are
data (``messages/feedback.toml``). The notifications go through the reminders
machinery, so they keep to quiet hours (children 09:00-19:00, adults on working
days 09:00-17:00), to one message a day for a child, and are never sent twice.
They are planned for the day after the meeting (the child after school, at
16:00; the adults at 10:00 on the next working day) and are dropped after
``ASK_WITHIN`` if they could not go out by then.

Answers are taps only (``fb:<feedback>:<question>:<value>``), stored as
``FeedbackAnswer`` rows, and re-checked on every tap: only the person asked can
answer. ``results`` sums them up for the figures (``bot.stats``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.calendar import deadlines as timing
from bot.calendar import notification_kinds as kinds
from bot.calendar.planner import Planned, insert_rows
from bot.calendar.workdays import CHILD_MESSAGE_WINDOW, STAFF_MESSAGE_WINDOW, at_local
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.people.turns import StaffTurn
from bot.platform.buttons import FeedbackTap
from bot.platform.replies import Button, Reply, rows
from messages import iro as words
from messages import layout, text
from messages.feedback import FeedbackQuestion, load_feedback
from messages.render import Html, Renderer, sentence
from models import Consultation, Feedback, FeedbackAnswer, Person, Review

log = logging.getLogger(__name__)

SKIP = "skip"
CHILD_TIME = time(16)
ADULT_TIME = time(10)
ASK_WITHIN = timedelta(days=14)
"""Feedback not sent within this long after the meeting is no longer asked."""


def _set_for(review: Review, person: Person) -> str:
    if person.role != "child":
        return "adult"
    return "child_attended" if review.child_attended else "child_absent"


def _answered(session: Session, feedback: Feedback) -> dict[str, str]:
    found = session.exec(select(FeedbackAnswer).where(FeedbackAnswer.feedback_id == feedback.id))
    return {answer.question_key: answer.value for answer in found}


def plan(session: Session, now: datetime, review: Review, child: Person, zone: ZoneInfo) -> int:
    """Ask the child, their social worker and their carer, the day after the meeting."""
    day = timing.held_day(review, zone) + timedelta(days=1)
    expires = at_local(
        timing.held_day(review, zone) + ASK_WITHIN + timedelta(days=1), time(0), zone
    )
    consultation = session.exec(
        select(Consultation).where(Consultation.review_id == review.id)
    ).first()
    people: list[tuple[int | None, datetime]] = []
    if consultation is not None and consultation.status != "not_applicable":
        people.append(
            (child.id, CHILD_MESSAGE_WINDOW.next_allowed(at_local(day, CHILD_TIME, zone), zone))
        )
    adult_at = STAFF_MESSAGE_WINDOW.next_allowed(at_local(day, ADULT_TIME, zone), zone)
    people += [(child.social_worker_id, adult_at), (child.carer_id, adult_at)]
    planned = []
    for person_id, due in people:
        person = session.get(Person, person_id) if person_id else None
        if person is None or not person.active:
            continue
        row = session.exec(
            select(Feedback)
            .where(Feedback.review_id == review.id)
            .where(Feedback.person_id == person.id)
        ).first()
        if row is None:
            row = Feedback(
                review_id=review.id,  # type: ignore[arg-type]
                person_id=person.id,  # type: ignore[arg-type]
                question_set=_set_for(review, person),
                created_at=now,
            )
        elif not _answered(session, row):
            row.question_set = _set_for(review, person)  # the record was changed
        session.add(row)
        key = f"r{review.id}:{kinds.FEEDBACK}:p{person.id}"
        planned.append(Planned(key, kinds.FEEDBACK, review.id, person.id or 0, due, expires))
    session.flush()
    insert_rows(session, planned, now)
    return len(planned)


# --- asking ------------------------------------------------------------------------


def _render_for(
    session: Session, person: Person, review: Review, child: Person, zone: ZoneInfo
) -> Renderer:
    iro = session.get(Person, review.iro_id)
    if person.role == "child":
        values = words_for(session, child)
        if iro is not None:
            values["iro"] = first_name(iro)
        return Renderer(child.locale, values, zone)
    values = {"child": child.name, "iro": iro.name if iro else ""}
    return Renderer(person.locale, values, zone)


def _keyboard(
    render: Renderer, feedback: Feedback, index: int, question: FeedbackQuestion
) -> list[list[Button]]:

    def tap(value: str) -> FeedbackTap:
        return FeedbackTap(feedback.id or 0, index, value)

    if question.kind == "scale":
        keyboard = [
            [Button(emoji, tap(str(n))) for n, emoji in enumerate(text.SCALE_EMOJI, start=1)]
        ]
    else:
        keyboard = rows([Button(render.plain(o.label), tap(o.key)) for o in question.options], 3)
    keyboard.append([Button(render.plain(words.FEEDBACK_SKIP), tap(SKIP))])
    return keyboard


def _question_text(render: Renderer, index: int, total: int, question: FeedbackQuestion) -> str:
    counter = render(words.FEEDBACK_COUNTER, number=index + 1, total=total)
    asked = Html(sentence(render(question.text)))
    return render.markup(layout.COUNTER_ABOVE, counter=Html(counter), question=asked)


def _next(session: Session, feedback: Feedback) -> tuple[int, FeedbackQuestion] | None:
    done = _answered(session, feedback)
    for index, question in enumerate(load_feedback().for_set(feedback.question_set)):
        if question.key not in done:
            return index, question
    return None


def first_message(
    session: Session, person: Person, review: Review, child: Person, zone: ZoneInfo
) -> tuple[list[str], list[list[Button]]] | None:
    """The notification: a hello and the first question not answered yet (None if done)."""
    feedback = session.exec(
        select(Feedback)
        .where(Feedback.review_id == review.id)
        .where(Feedback.person_id == person.id)
    ).first()
    if feedback is None or feedback.completed_at is not None:
        return None
    upcoming = _next(session, feedback)
    if upcoming is None:
        return None
    index, question = upcoming
    questions = load_feedback().for_set(feedback.question_set)
    render = _render_for(session, person, review, child, zone)
    intro = {
        "child_attended": words.FEEDBACK_INTRO_CHILD,
        "child_absent": words.FEEDBACK_INTRO_CHILD_ABSENT,
    }.get(feedback.question_set, words.FEEDBACK_INTRO_ADULT)
    hello = sentence(render(intro, count=len(questions), date=render.day(review.scheduled_at)))
    body = hello + "\n\n" + _question_text(render, index, len(questions), question)
    return [body], _keyboard(render, feedback, index, question)


def on_button(turn: StaffTurn, tap: FeedbackTap) -> list[Reply]:
    """A tapped answer: stored, then the next question (or thanks)."""
    session, now, person, zone = turn.session, turn.now, turn.person, turn.zone
    chat_id, message_id = turn.chat_id, turn.message_id
    feedback = session.get(Feedback, tap.feedback)
    if feedback is None or feedback.person_id != person.id:
        return [Reply(chat_id, toast=turn.render.plain(text.BUTTON_GONE))]
    review = session.get(Review, feedback.review_id)
    child = session.get(Person, review.child_id) if review else None
    if review is None or child is None:
        return [Reply(chat_id, toast=turn.render.plain(text.BUTTON_GONE))]
    render = _render_for(session, person, review, child, zone)
    questions = load_feedback().for_set(feedback.question_set)
    index, value = tap.question, tap.value
    upcoming = _next(session, feedback)
    if upcoming is None:
        strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
        return [*strip, Reply(chat_id, render(words.FEEDBACK_DONE_ALREADY))]
    if index != upcoming[0]:
        # An older question's button: ask the one they are on.
        current, question = upcoming
        body = _question_text(render, current, len(questions), question)
        return [Reply(chat_id, body, _keyboard(render, feedback, current, question))]
    question = questions[index]
    if value != SKIP and value not in question.values():
        return [Reply(chat_id, toast=render.plain(text.BUTTON_GONE))]
    session.add(
        FeedbackAnswer(
            feedback_id=feedback.id,  # type: ignore[arg-type]
            question_key=question.key,
            value=value,
            answered_at=now,
        )
    )
    session.flush()
    noted = _noted(render, question, value)
    edit = Reply(
        chat_id,
        _question_text(render, index, len(questions), question)
        + "\n\n"
        + render(words.FEEDBACK_NOTED, answer=noted),
        [],
        edit_message_id=message_id,
    )
    replies = [edit] if message_id else []
    upcoming = _next(session, feedback)
    if upcoming is None:
        feedback.completed_at = now
        session.add(feedback)
        log.info("feedback %s for review %s: complete", feedback.id, review.id)
        thanks = (
            words.FEEDBACK_THANKS_CHILD if person.role == "child" else words.FEEDBACK_THANKS_ADULT
        )
        return [*replies, Reply(chat_id, render(thanks))]
    current, question = upcoming
    body = _question_text(render, current, len(questions), question)
    return [*replies, Reply(chat_id, body, _keyboard(render, feedback, current, question))]


def _noted(render: Renderer, question: FeedbackQuestion, value: str) -> str:
    if value == SKIP:
        return render.plain(words.FEEDBACK_SKIPPED)
    if question.kind == "scale":
        n = int(value)
        return f"{text.SCALE_EMOJI[n - 1]} {render.plain(text.SCALE_WORDS[n - 1])}"
    label = next(o.label for o in question.options if o.key == value)
    return render.plain(label)


# --- results, for the figures ------------------------------------------------------------


@dataclass
class QuestionResult:
    key: str
    text: str
    kind: str
    answers: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    """Each answer's words as people read them ("A bit", not ``a_bit``); msgids."""

    @property
    def answered(self) -> int:
        return sum(self.answers.values())

    @property
    def mean(self) -> float | None:
        """For a feelings scale: the mean of 1-5."""
        if self.kind != "scale" or not self.answered:
            return None
        total = sum(int(value) * count for value, count in self.answers.items())
        return round(total / self.answered, 2)


@dataclass
class SetResult:
    name: str
    asked: int = 0
    responded: int = 0
    questions: list[QuestionResult] = field(default_factory=list)


def _labels(question: FeedbackQuestion) -> dict[str, str]:
    """Each answer's words (msgids): a scale's are the words beside its faces."""
    if question.kind == "scale":
        return {str(n): word for n, word in enumerate(text.SCALE_WORDS, start=1)}
    return {o.key: o.label for o in question.options}


def results(session: Session, review_ids: Iterable[int]) -> dict[str, SetResult]:
    """For these reviews: per question set, how many were asked, answered, and how."""
    ids = list(review_ids)
    data = load_feedback()
    found = {
        name: SetResult(
            name,
            questions=[
                QuestionResult(
                    q.key,
                    q.text,
                    q.kind,
                    {v: 0 for v in q.values()},
                    labels=_labels(q),
                )
                for q in data.for_set(name)
            ],
        )
        for name in ("child_attended", "child_absent", "adult")
    }
    if not ids:
        return found
    asked = list(session.exec(select(Feedback).where(col(Feedback.review_id).in_(ids))))
    by_id = {f.id: f for f in asked}
    for feedback in asked:
        found[feedback.question_set].asked += 1
    answers = (
        session.exec(select(FeedbackAnswer).where(col(FeedbackAnswer.feedback_id).in_(list(by_id))))
        if by_id
        else []
    )
    responded: set[int] = set()
    for answer in answers:
        feedback = by_id[answer.feedback_id]
        result = found[feedback.question_set]
        question = next((q for q in result.questions if q.key == answer.question_key), None)
        if question is None:
            continue
        responded.add(answer.feedback_id)
        if answer.value == SKIP:
            question.skipped += 1
        else:
            question.answers[answer.value] = question.answers.get(answer.value, 0) + 1
    for feedback_id in responded:
        found[by_id[feedback_id].question_set].responded += 1
    return found


def results_for_review(
    session: Session, review_id: int, render: Renderer | None = None
) -> list[tuple[Person, datetime, list[tuple[str, str]]]]:
    """For the case record: who gave feedback on this review, when, and each question
    with their answer in words ("A bit", "😄 Very happy"), in the order asked."""
    render = render or Renderer("en")
    data = load_feedback()
    found = []
    rows = session.exec(
        select(Feedback).where(Feedback.review_id == review_id).order_by(col(Feedback.id))
    ).all()
    for feedback in rows:
        answered = _answered(session, feedback)
        if not answered:
            continue
        person = session.get(Person, feedback.person_id)
        if person is None:
            continue
        lines = [
            (render.plain(question.text), _noted(render, question, answered[question.key]))
            for question in data.for_set(feedback.question_set)
            if question.key in answered
        ]
        last = session.exec(
            select(FeedbackAnswer.answered_at)
            .where(FeedbackAnswer.feedback_id == feedback.id)
            .order_by(col(FeedbackAnswer.answered_at).desc())
        ).first()
        found.append((person, feedback.completed_at or last or feedback.created_at, lines))
    return found
