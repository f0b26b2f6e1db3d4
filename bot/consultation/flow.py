"""The My Review consultation: our own state machine over our own tables.

Where a child is, every answer and every tick on a multiple-choice question is
a row, committed before the bot replies, so a pause, a restart or a second
process loses nothing. Handlers call one function per kind of update and send
the ``Reply`` objects they get back.

A tap is a ``ConsultationTap`` (``bot.platform.buttons``). Nothing in it is
trusted: the consultation must be the speaker's (or the child they are
helping), and the index must be the question they are on now.
"""

from __future__ import annotations

import html

from sqlmodel import col, update

from bot.calendar.reviews import open_review_for
from bot.consultation.answers import (
    EXTRA,
    SUMMARY,
    current_index,
    is_open,
    questions,
    standing_answers,
)
from bot.consultation.prompts import (
    already_sent,
    keyboard,
    prompt,
    question_text,
    summary,
    what_next,
)
from bot.people.addresses import channel_of
from bot.people.turns import Turn
from bot.platform.buttons import ConsultationTap
from bot.platform.replies import Button, Reply
from bot.safeguarding import unchecked_words
from bot.safeguarding.alerts import sos_button
from bot.safeguarding.screening import NO_OPTION, SAFE_QUESTION
from bot.safeguarding.written_in import written_in
from messages import layout, text
from messages.clean import clean
from messages.render import Html, sentence
from models import Answer, Consultation, Review

MAX_TEXT = 16_000


# --- reading the state ----------------------------------------------------------


# --- what the child sees ----------------------------------------------------------


# --- changing the state -----------------------------------------------------------


def _touch(turn: Turn, consultation: Consultation) -> None:
    consultation.updated_at = turn.now
    if turn.helping:
        consultation.helped_by_id = turn.actor.id
    turn.session.add(consultation)


def _language(turn: Turn, consultation: Consultation, values: dict[str, object]) -> None:
    """Name the language of any words, and flag them to the IRO if the safety check
    could not read them (an interpreter should read them today)."""
    words = values.get("text")
    if not isinstance(words, str):
        return
    found = written_in(words, turn.child.locale)
    if found is None:
        return
    values["written_in"] = found.code
    values["unchecked"] = not found.checked
    if not found.checked:
        unchecked_words.tell_iro(turn.session, turn.now, turn.child, consultation)


def _save(turn: Turn, consultation: Consultation, key: str, kind: str, **values: object) -> None:
    """Store an answer; an earlier answer to the same question is kept but marked replaced."""
    _language(turn, consultation, values)
    values["channel"] = channel_of(turn.chat_id)
    standing = standing_answers(turn.session, consultation)
    if key in standing:
        turn.session.exec(
            update(Answer)
            .where(col(Answer.consultation_id) == consultation.id)
            .where(col(Answer.question_key) == key)
            .where(col(Answer.addition).is_(False))
            .where(col(Answer.replaced).is_(False))
            .values(replaced=True)
        )
    answer = Answer(
        consultation_id=consultation.id,  # type: ignore[arg-type]
        question_key=key,
        kind=kind,
        answered_by_id=turn.actor.id,  # type: ignore[arg-type]
        created_at=turn.now,
        **values,  # type: ignore[arg-type]
    )
    turn.session.add(answer)
    standing[key] = answer
    _touch(turn, consultation)


def _move(consultation: Consultation, index: int) -> None:
    qs = questions(consultation)
    consultation.draft_choices = []
    consultation.current_key = qs[index].key if index < len(qs) else SUMMARY


def _start(turn: Turn, consultation: Consultation) -> None:
    consultation.status = "in_progress"
    consultation.started_at = consultation.started_at or turn.now
    _move(consultation, 0)
    _touch(turn, consultation)


def _add_extra(turn: Turn, consultation: Consultation, kind: str, **values: object) -> None:
    _language(turn, consultation, values)
    values["channel"] = channel_of(turn.chat_id)
    turn.session.add(
        Answer(
            consultation_id=consultation.id,  # type: ignore[arg-type]
            question_key=EXTRA,
            kind=kind,
            addition=True,
            answered_by_id=turn.actor.id,  # type: ignore[arg-type]
            created_at=turn.now,
            **values,  # type: ignore[arg-type]
        )
    )
    _touch(turn, consultation)


# --- entry points -----------------------------------------------------------------


def open_for(turn: Turn) -> tuple[Review, Consultation] | None:
    return open_review_for(turn.session, turn.child, turn.now)


def show(turn: Turn) -> list[Reply]:
    """``/myreview``: start, carry on, or offer to add more."""
    found = open_for(turn)
    render = turn.render
    if found is None:
        return [Reply(turn.chat_id, sentence(render(text.NOTHING_OPEN)))]
    review, consultation = found
    if consultation.status == "not_applicable":
        return [Reply(turn.chat_id, render(text.NO_CONSULTATION_UNDER_FOUR))]
    if consultation.status == "sent":
        return already_sent(turn, review, consultation)
    if consultation.status == "not_started":
        _start(turn, consultation)
        return prompt(turn, consultation, render(text.FIRST_QUESTION_INTRO))
    return prompt(turn, consultation, render(text.WELCOME_BACK))


def pause(turn: Turn) -> list[Reply] | None:
    """``/stop`` or ``/cancel`` in the middle of My Review: paused, as the ⏸ button does
    (everything is saved already); None if it is not in progress."""
    found = open_for(turn)
    if found is None or found[1].status != "in_progress":
        return None
    consultation = found[1]
    consultation.draft_choices = list(consultation.draft_choices)
    _touch(turn, consultation)
    render = turn.render
    return [Reply(turn.chat_id, render(text.PAUSED), [[sos_button(render, turn.child.id)]])]


def unsafe_choice(turn: Turn, tap: ConsultationTap) -> Consultation | None:
    """The consultation when this tap is "No" to "Do you feel safe at home?" on the
    child's own My Review (an old message too: a replayed "No" is still a "No")."""
    consultation = turn.session.get(Consultation, tap.consultation)
    if consultation is None or consultation.child_id != turn.child.id:
        return None
    if consultation.status == "not_applicable":
        return None
    qs = questions(consultation)
    if tap.question >= len(qs) or qs[tap.question].key != SAFE_QUESTION:
        return None
    options = qs[tap.question].options
    if tap.choice is None or tap.choice[0] != "o" or tap.choice[1] >= len(options):
        return None
    return consultation if options[tap.choice[1]].key == NO_OPTION else None


def _tapped(
    turn: Turn, message_id: int | None, consultation: Consultation, index: int, note: str
) -> Reply | None:
    """Show the answer on the question message and take its buttons away."""
    if message_id is None or index >= len(questions(consultation)):
        return None
    asked = Html(question_text(turn, consultation, index))
    body = turn.render.markup(layout.ANSWER_NOTED, question=asked, note=Html(note))
    return Reply(turn.chat_id, body, [], edit_message_id=message_id)


def on_button(
    turn: Turn, tap: ConsultationTap, message_id: int | None, after_alert: int | None = None
) -> list[Reply]:
    """A tap on a consultation button (``after_alert``: as for :func:`on_words`)."""
    render = turn.render
    consultation = turn.session.get(Consultation, tap.consultation)
    if consultation is None or consultation.child_id != turn.child.id:
        # Forged, or another child's: the same words as an old button, revealing nothing.
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    index, action, choice = tap.question, tap.action, tap.choice
    review = turn.session.get(Review, consultation.review_id)
    if review is None or not is_open(review, turn.now):
        return [Reply(turn.chat_id, sentence(render(text.CLOSED)))]
    if consultation.status == "not_applicable":
        return [Reply(turn.chat_id, render(text.NO_CONSULTATION_UNDER_FOUR))]
    if action == "add" and consultation.status == "sent":
        return [Reply(turn.chat_id, render(text.ADD_PROMPT))]
    if consultation.status == "sent":
        return already_sent(turn, review, consultation)
    if consultation.status == "not_started" or action == "start":
        if consultation.status == "not_started":
            _start(turn, consultation)
            return prompt(turn, consultation, render(text.FIRST_QUESTION_INTRO))
        return prompt(turn, consultation)
    here = current_index(consultation)
    if index != here:
        return prompt(turn, consultation, render(text.STALE_QUESTION))
    qs = questions(consultation)
    question = qs[here] if here < len(qs) else None

    if action == "pause":
        consultation.draft_choices = list(consultation.draft_choices)
        _touch(turn, consultation)
        edit = Reply(turn.chat_id, edit_message_id=message_id) if message_id else None
        paused = Reply(turn.chat_id, render(text.PAUSED), [[sos_button(render, turn.child.id)]])
        return [r for r in (edit,) if r] + [paused]
    if action == "back":
        _move(consultation, max(here - 1, 0))
        _touch(turn, consultation)
        edit = Reply(turn.chat_id, edit_message_id=message_id) if message_id else None
        return [r for r in (edit,) if r] + prompt(turn, consultation)
    if action == "send" and question is None:
        return _send(turn, review, consultation, message_id)
    if question is None:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    if action == "skip":
        _save(turn, consultation, question.key, "skip")
        note = render.plain(text.SKIPPED_NOTED)
    elif choice is not None and choice[0] == "o" and question.kind == "single":
        if choice[1] >= len(question.options):
            return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
        option = question.options[choice[1]]
        _save(turn, consultation, question.key, "choice", choices=[option.key])
        note = render.plain(option.label)
    elif choice is not None and choice[0] == "t" and question.kind == "multi":
        if choice[1] >= len(question.options):
            return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
        key = question.options[choice[1]].key
        ticked = list(consultation.draft_choices)
        ticked = [k for k in ticked if k != key] if key in ticked else [*ticked, key]
        consultation.draft_choices = ticked
        _touch(turn, consultation)
        return [
            Reply(
                turn.chat_id,
                buttons=keyboard(turn, consultation, here),
                edit_message_id=message_id,
            )
        ]
    elif action == "done" and question.kind == "multi":
        ticked = [o.key for o in question.options if o.key in consultation.draft_choices]
        if ticked:
            _save(turn, consultation, question.key, "choice", choices=ticked)
            labels = [render.plain(o.label) for o in question.options if o.key in ticked]
            note = ", ".join(labels)
        else:
            _save(turn, consultation, question.key, "skip")
            note = render.plain(text.SKIPPED_NOTED)
    elif (
        choice is not None and choice[0] == "s" and question.kind == "scale" and 1 <= choice[1] <= 5
    ):
        value = choice[1]
        _save(turn, consultation, question.key, "scale", scale=value)
        note = f"{text.SCALE_EMOJI[value - 1]} {render.plain(text.SCALE_WORDS[value - 1])}"
    else:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    edit = _tapped(turn, message_id, consultation, here, html.escape(note, quote=False))
    _move(consultation, here + 1)
    after = what_next(turn, after_alert) if after_alert else prompt(turn, consultation)
    return [r for r in (edit,) if r] + after


def _send(
    turn: Turn, review: Review, consultation: Consultation, message_id: int | None
) -> list[Reply]:
    consultation.status = "sent"
    consultation.sent_at = turn.now
    consultation.current_key = None
    _touch(turn, consultation)
    render = turn.render
    body = render(text.SENT, date=render.when(review.scheduled_at))
    edit = Reply(turn.chat_id, edit_message_id=message_id) if message_id else None
    return [r for r in (edit,) if r] + [Reply(turn.chat_id, sentence(body))]


def on_words(
    turn: Turn,
    kind: str,
    *,
    words: str | None = None,
    file_id: str | None = None,
    after_alert: int | None = None,
) -> list[Reply]:
    """Text, a photo or a voice note from the child (or their helper).

    ``kind`` is "text", "photo" or "voice". Returns an empty list when no My
    Review is open, so the caller can answer as it sees fit. ``after_alert``: these
    words raised that alert, so the answer is saved and the child is asked what they
    want next instead of being given the next question.
    """
    render = turn.render
    if words is not None and len(words) > MAX_TEXT:
        return [Reply(turn.chat_id, render(text.TOO_LONG, limit=MAX_TEXT))]
    # Kept as written, but for the characters that would show it otherwise to its readers
    # (the safeguarding check has already read it exactly as it came).
    words = clean(words) if words is not None else None
    found = open_for(turn)
    if found is None:
        return []
    _, consultation = found
    values: dict[str, object] = {"text": words, "file_id": file_id}
    if consultation.status == "sent":
        _add_extra(turn, consultation, kind, **values)
        button = Button(
            render.plain(text.ADD_SOMETHING_ELSE), ConsultationTap(consultation.id or 0, 0, "add")
        )
        sos = sos_button(render, turn.child.id)
        return [Reply(turn.chat_id, render(text.ADDED), [[button], [sos]])]
    if consultation.status in ("not_started", "not_applicable"):
        return []
    if consultation.current_key == SUMMARY:
        # Typed at the summary: keep it with the rest, to be sent together.
        _add_extra(turn, consultation, kind, **values)
        return what_next(turn, after_alert) if after_alert else summary(turn, consultation)
    here = current_index(consultation)
    question = questions(consultation)[here]
    _save(turn, consultation, question.key, kind, **values)
    _move(consultation, here + 1)
    return what_next(turn, after_alert) if after_alert else prompt(turn, consultation)


def on_other(turn: Turn) -> list[Reply]:
    """A sticker, location, contact, poll or file where words were expected."""
    render = turn.render
    notice = render(text.ONLY_WORDS_PHOTOS_VOICE)
    found = open_for(turn)
    if found is None or found[1].status != "in_progress":
        return [Reply(turn.chat_id, notice)]
    return prompt(turn, found[1], notice)
