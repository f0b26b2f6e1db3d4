"""The My Review consultation: our own state machine over our own tables.

Where a child is, every answer and every tick on a multiple-choice question is
a row, committed before the bot replies, so a pause, a restart or a second
process loses nothing. Handlers call one function per kind of update and send
the ``Reply`` objects they get back.

Callback data is ``c:<consultation id>:<question index>:<action>``. Nothing in
it is trusted: the consultation must be the speaker's (or the child they are
helping), and the index must be the question they are on now.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select, update

from bot.calendar.reviews import ACTIVE, open_review_for
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.platform.access import may_help
from bot.platform.replies import Button, Reply, rows
from bot.safeguarding.alerts import sos_button
from bot.safeguarding.screening import NO_OPTION, SAFE_QUESTION
from messages import text
from messages.questions import Question, load_question_set
from messages.render import Html, Renderer, pack, sentence
from models import Answer, Consultation, Person, Review

SUMMARY = "#summary"
EXTRA = "#extra"
MAX_TEXT = 16_000
SUMMARY_QUOTE = 300


@dataclass
class Turn:
    """One update's worth of context: who is speaking, and whose My Review it is."""

    session: Session
    now: datetime
    actor: Person
    child: Person
    chat_id: int
    render: Renderer

    @property
    def helping(self) -> bool:
        return self.actor.id != self.child.id


def make_turn(session: Session, now: datetime, actor: Person, zone: object) -> Turn | None:
    """The turn for a child, or for a helper with the child they are helping."""
    child = actor
    if actor.role != "child":
        if actor.helping_child_id is None:
            return None
        child = session.get(Person, actor.helping_child_id)  # type: ignore[assignment]
        if not may_help(actor, child):
            actor.helping_child_id = None
            session.add(actor)
            return None
    render = Renderer(child.locale, words_for(session, child), zone)  # type: ignore[arg-type]
    return Turn(session, now, actor, child, actor.telegram_user_id or 0, render)


# --- reading the state ----------------------------------------------------------


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


def _answer_for(session: Session, consultation: Consultation, key: str) -> Answer | None:
    return session.exec(
        select(Answer)
        .where(Answer.consultation_id == consultation.id)
        .where(Answer.question_key == key)
        .where(col(Answer.replaced).is_(False))
        .where(col(Answer.addition).is_(False))
        .order_by(col(Answer.id).desc())
    ).first()


def is_open(review: Review, now: datetime) -> bool:
    return review.status == ACTIVE and review.scheduled_at > now


# --- what the child sees ----------------------------------------------------------


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
        return f"{text.SCALE_EMOJI[answer.scale - 1]} {html.escape(word, quote=False)}"
    if answer.kind == "photo":
        return render(text.SUMMARY_PHOTO)
    if answer.kind == "voice":
        return render(text.SUMMARY_VOICE)
    words = answer.text or ""
    if len(words) > SUMMARY_QUOTE:
        words = words[:SUMMARY_QUOTE].rstrip() + "…"
    return "“" + html.escape(words, quote=False) + "”"


def question_text(turn: Turn, consultation: Consultation, index: int) -> str:
    """The question as the child reads it, without buttons."""
    qs = questions(consultation)
    question = qs[index]
    section = load_question_set().section(question.section)
    render = turn.render
    lines = []
    if turn.helping:
        lines.append(render(text.FOR_CHILD, child=first_name(turn.child)))
    heading = sentence(render(section.title))
    counter = render(text.QUESTION_COUNTER, number=index + 1, total=len(qs))
    lines.append(f"{section.emoji} <b>{heading}</b> · <i>{counter}</i>")
    lines.append("")
    lines.append(sentence(render(question.text_for(consultation.band))))
    return "\n".join(lines)


def _hint(render: Renderer, question: Question, band: str) -> str:
    own = question.hint_for(band)
    lead = f"<i>{sentence(render(own))}</i>\n" if own else ""
    if question.kind in ("single", "multi", "scale"):
        hint = text.PICK_THEN_DONE if question.kind == "multi" else text.CAN_TYPE_TOO
    elif question.kind == "photo":
        hint = text.SEND_A_PHOTO
    elif question.kind == "voice":
        hint = text.SEND_A_VOICE_NOTE
    else:
        hint = text.SEND_WORDS_PHOTO_VOICE
    return f"{lead}<i>{render(hint)}</i>"


def _keyboard(turn: Turn, consultation: Consultation, index: int) -> list[list[Button]]:
    question = questions(consultation)[index]
    render = turn.render
    prefix = f"c:{consultation.id}:{index}:"
    keyboard: list[list[Button]] = []
    if question.kind == "single":
        keyboard += rows(
            [
                Button(render.plain(o.label), f"{prefix}o{i}")
                for i, o in enumerate(question.options)
            ],
            2,
        )
    elif question.kind == "multi":
        ticked = set(consultation.draft_choices)
        keyboard += rows(
            [
                Button(("✅ " if o.key in ticked else "") + render.plain(o.label), f"{prefix}t{i}")
                for i, o in enumerate(question.options)
            ],
            2,
        )
        keyboard.append([Button(render.plain(text.DONE), f"{prefix}done")])
    elif question.kind == "scale":
        keyboard.append(
            [Button(emoji, f"{prefix}s{n}") for n, emoji in enumerate(text.SCALE_EMOJI, start=1)]
        )
    navigation = [Button(render.plain(text.SKIP), f"{prefix}skip")]
    if index > 0:
        navigation.insert(0, Button(render.plain(text.BACK), f"{prefix}back"))
    keyboard.append(navigation)
    keyboard.append([Button(render.plain(text.PAUSE), f"{prefix}pause")])
    # Safeguarding: "I don't feel safe" is always one tap away.
    keyboard.append([sos_button(render, turn.child.id)])
    return keyboard


def prompt(turn: Turn, consultation: Consultation, intro: str | None = None) -> list[Reply]:
    """The question the child is on (or the summary, at the end)."""
    if consultation.current_key == SUMMARY:
        return summary(turn, consultation, intro)
    index = current_index(consultation)
    question = questions(consultation)[index]
    body = [question_text(turn, consultation, index)]
    earlier = _answer_for(turn.session, consultation, question.key)
    if earlier is not None:
        said = Html(describe(turn.render, question, earlier))
        body.append(turn.render(text.PREVIOUS_ANSWER, answer=said))
    body.append(_hint(turn.render, question, consultation.band))
    replies = [Reply(turn.chat_id, intro)] if intro else []
    replies.append(Reply(turn.chat_id, "\n\n".join(body), _keyboard(turn, consultation, index)))
    return replies


def summary(turn: Turn, consultation: Consultation, intro: str | None = None) -> list[Reply]:
    """What the child said, in their own words, with "Send" at the end."""
    render = turn.render
    qs = load_question_set()
    by_key = {q.key: q for q in questions(consultation)}
    blocks = [render(text.SUMMARY_HEADER)]
    current_section = None
    lines: list[str] = []
    for answer in live_answers(turn.session, consultation):
        if answer.kind == "skip" or answer.question_key not in by_key:
            continue
        question = by_key[answer.question_key]
        if question.section != current_section:
            if lines:
                blocks.append("\n".join(lines))
            section = qs.section(question.section)
            lines = [f"{section.emoji} <b>{sentence(render(section.title))}</b>"]
            current_section = question.section
        lines.append("• " + describe(render, question, answer))
    if lines:
        blocks.append("\n".join(lines))
    else:
        blocks.append(render(text.SUMMARY_NOTHING))
    blocks.append(render(text.SUMMARY_FOOTER))
    index = len(qs.for_band(consultation.band))
    prefix = f"c:{consultation.id}:{index}:"
    keyboard = [
        [Button(render.plain(text.SEND), f"{prefix}send")],
        [Button(render.plain(text.CHANGE_ANSWERS), f"{prefix}back")],
        [Button(render.plain(text.PAUSE), f"{prefix}pause")],
        [sos_button(render, turn.child.id)],
    ]
    messages = pack(blocks)
    replies = [Reply(turn.chat_id, intro)] if intro else []
    replies += [Reply(turn.chat_id, body) for body in messages[:-1]]
    replies.append(Reply(turn.chat_id, messages[-1], keyboard))
    return replies


def _already_sent(turn: Turn, review: Review, consultation: Consultation) -> list[Reply]:
    render = turn.render
    body = render(
        text.ALREADY_SENT,
        sent=render.day(consultation.sent_at or turn.now),
        date=render.when(review.scheduled_at),
    )
    button = Button(render.plain(text.ADD_SOMETHING), f"c:{consultation.id}:0:add")
    return [Reply(turn.chat_id, sentence(body), [[button], [sos_button(render, turn.child.id)]])]


# --- changing the state -----------------------------------------------------------


def _touch(turn: Turn, consultation: Consultation) -> None:
    consultation.updated_at = turn.now
    if turn.helping:
        consultation.helped_by_id = turn.actor.id
    turn.session.add(consultation)


def _save(turn: Turn, consultation: Consultation, key: str, kind: str, **values: object) -> None:
    """Store an answer; an earlier answer to the same question is kept but marked replaced."""
    turn.session.exec(
        update(Answer)
        .where(col(Answer.consultation_id) == consultation.id)
        .where(col(Answer.question_key) == key)
        .where(col(Answer.addition).is_(False))
        .where(col(Answer.replaced).is_(False))
        .values(replaced=True)
    )
    turn.session.add(
        Answer(
            consultation_id=consultation.id,  # type: ignore[arg-type]
            question_key=key,
            kind=kind,
            answered_by_id=turn.actor.id,  # type: ignore[arg-type]
            created_at=turn.now,
            **values,  # type: ignore[arg-type]
        )
    )
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
        return _already_sent(turn, review, consultation)
    if consultation.status == "not_started":
        _start(turn, consultation)
        return prompt(turn, consultation, render(text.FIRST_QUESTION_INTRO))
    return prompt(turn, consultation, render(text.WELCOME_BACK))


def _parse(data: str) -> tuple[int, int, str] | None:
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != "c" or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return int(parts[1]), int(parts[2]), parts[3]


def unsafe_choice(turn: Turn, data: str) -> Consultation | None:
    """The consultation when this tap is "No" to "Do you feel safe at home?" on the
    child's own My Review (an old message too: a replayed "No" is still a "No")."""
    parsed = _parse(data)
    consultation = turn.session.get(Consultation, parsed[0]) if parsed else None
    if parsed is None or consultation is None or consultation.child_id != turn.child.id:
        return None
    if consultation.status == "not_applicable":
        return None
    _, index, action = parsed
    qs = questions(consultation)
    if index >= len(qs) or qs[index].key != SAFE_QUESTION or not action.startswith("o"):
        return None
    options = qs[index].options
    choice = action[1:]
    if not choice.isdigit() or int(choice) >= len(options):
        return None
    return consultation if options[int(choice)].key == NO_OPTION else None


def _tapped(
    turn: Turn, message_id: int | None, consultation: Consultation, index: int, note: str
) -> Reply | None:
    """Show the answer on the question message and take its buttons away."""
    if message_id is None or index >= len(questions(consultation)):
        return None
    body = question_text(turn, consultation, index) + f"\n\n✓ <i>{note}</i>"
    return Reply(turn.chat_id, body, [], edit_message_id=message_id)


def on_button(turn: Turn, data: str, message_id: int | None) -> list[Reply]:
    """A tap on a consultation button."""
    render = turn.render
    parsed = _parse(data)
    consultation = turn.session.get(Consultation, parsed[0]) if parsed else None
    if parsed is None or consultation is None or consultation.child_id != turn.child.id:
        # Forged, or another child's: the same words as an old button, revealing nothing.
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    _, index, action = parsed
    review = turn.session.get(Review, consultation.review_id)
    if review is None or not is_open(review, turn.now):
        return [Reply(turn.chat_id, sentence(render(text.CLOSED)))]
    if consultation.status == "not_applicable":
        return [Reply(turn.chat_id, render(text.NO_CONSULTATION_UNDER_FOUR))]
    if action == "add" and consultation.status == "sent":
        return [Reply(turn.chat_id, render(text.ADD_PROMPT))]
    if consultation.status == "sent":
        return _already_sent(turn, review, consultation)
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
    elif action.startswith("o") and question.kind == "single" and action[1:].isdigit():
        choice = int(action[1:])
        if choice >= len(question.options):
            return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
        _save(turn, consultation, question.key, "choice", choices=[question.options[choice].key])
        note = render.plain(question.options[choice].label)
    elif action.startswith("t") and question.kind == "multi" and action[1:].isdigit():
        choice = int(action[1:])
        if choice >= len(question.options):
            return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
        key = question.options[choice].key
        ticked = list(consultation.draft_choices)
        ticked = [k for k in ticked if k != key] if key in ticked else [*ticked, key]
        consultation.draft_choices = ticked
        _touch(turn, consultation)
        return [
            Reply(
                turn.chat_id,
                buttons=_keyboard(turn, consultation, here),
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
        action.startswith("s")
        and question.kind == "scale"
        and action[1:] in {"1", "2", "3", "4", "5"}
    ):
        value = int(action[1:])
        _save(turn, consultation, question.key, "scale", scale=value)
        note = f"{text.SCALE_EMOJI[value - 1]} {render.plain(text.SCALE_WORDS[value - 1])}"
    else:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE))]
    edit = _tapped(turn, message_id, consultation, here, html.escape(note, quote=False))
    _move(consultation, here + 1)
    return [r for r in (edit,) if r] + prompt(turn, consultation)


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
    turn: Turn, kind: str, *, words: str | None = None, file_id: str | None = None
) -> list[Reply]:
    """Text, a photo or a voice note from the child (or their helper).

    ``kind`` is "text", "photo" or "voice". Returns an empty list when no My
    Review is open, so the caller can answer as it sees fit.
    """
    render = turn.render
    if words is not None and len(words) > MAX_TEXT:
        return [Reply(turn.chat_id, render(text.TOO_LONG, limit=f"{MAX_TEXT:,}"))]
    found = open_for(turn)
    if found is None:
        return []
    _, consultation = found
    values: dict[str, object] = {"text": words, "file_id": file_id}
    if consultation.status == "sent":
        _add_extra(turn, consultation, kind, **values)
        button = Button(render.plain(text.ADD_SOMETHING_ELSE), f"c:{consultation.id}:0:add")
        sos = sos_button(render, turn.child.id)
        return [Reply(turn.chat_id, render(text.ADDED), [[button], [sos]])]
    if consultation.status in ("not_started", "not_applicable"):
        return []
    if consultation.current_key == SUMMARY:
        # Typed at the summary: keep it with the rest, to be sent together.
        _add_extra(turn, consultation, kind, **values)
        return summary(turn, consultation)
    here = current_index(consultation)
    question = questions(consultation)[here]
    _save(turn, consultation, question.key, kind, **values)
    _move(consultation, here + 1)
    return prompt(turn, consultation)


def on_other(turn: Turn) -> list[Reply]:
    """A sticker, location, contact, poll or file where words were expected."""
    render = turn.render
    notice = render(text.ONLY_WORDS_PHOTOS_VOICE)
    found = open_for(turn)
    if found is None or found[1].status != "in_progress":
        return [Reply(turn.chat_id, notice)]
    return prompt(turn, found[1], notice)
