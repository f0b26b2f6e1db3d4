"""What the child sees: the question they are on with its buttons, and the
summary of what they said with "Send" at the end. Nothing here changes a row.
"""

from __future__ import annotations

from bot.consultation.answers import (
    SUMMARY,
    answer_for,
    current_index,
    describe,
    live_answers,
    questions,
)
from bot.people.records import first_name
from bot.people.turns import Turn
from bot.platform.buttons import AfterAlert, ConsultationTap
from bot.platform.replies import Button, Reply, rows
from bot.safeguarding.alerts import sos_button
from messages import layout, safety, text
from messages.questions import Question, load_question_set
from messages.render import Html, Renderer, pack, sentence
from models import Consultation, Review


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
    lines.append(
        render.markup(
            layout.QUESTION_HEADING,
            emoji=section.emoji,
            section=Html(heading),
            counter=Html(counter),
        )
    )
    lines.append("")
    lines.append(sentence(render(question.text_for(consultation.band))))
    return "\n".join(lines)


def _hint(render: Renderer, question: Question, band: str) -> str:
    own = question.hint_for(band)
    lead = render.markup(layout.ITALIC, text=Html(sentence(render(own)))) + "\n" if own else ""
    if question.kind in ("single", "multi", "scale"):
        hint = text.PICK_THEN_DONE if question.kind == "multi" else text.CAN_TYPE_TOO
    elif question.kind in ("photo", "voice") and own:
        return lead.rstrip("\n")  # its own hint says how already: never say it twice
    elif question.kind == "photo":
        hint = text.SEND_A_PHOTO
    elif question.kind == "voice":
        hint = text.SEND_A_VOICE_NOTE
    else:
        hint = text.SEND_WORDS_PHOTO_VOICE
    return lead + render.markup(layout.ITALIC, text=Html(render(hint)))


def keyboard(turn: Turn, consultation: Consultation, index: int) -> list[list[Button]]:
    question = questions(consultation)[index]
    render = turn.render

    def tap(action: str) -> ConsultationTap:
        return ConsultationTap(consultation.id or 0, index, action)

    keyboard: list[list[Button]] = []
    if question.kind == "single":
        keyboard += rows(
            [Button(render.plain(o.label), tap(f"o{i}")) for i, o in enumerate(question.options)],
            2,
        )
    elif question.kind == "multi":
        ticked = set(consultation.draft_choices)
        keyboard += rows(
            [
                Button(("✅ " if o.key in ticked else "") + render.plain(o.label), tap(f"t{i}"))
                for i, o in enumerate(question.options)
            ],
            2,
        )
        keyboard.append([Button(render.plain(text.DONE), tap("done"))])
    elif question.kind == "scale":
        # A word beside each face, for screen readers and for anyone unsure what a face
        # means; one a row, so the words fit on any phone, in any language.
        for n, (emoji, word) in enumerate(zip(text.SCALE_EMOJI, text.SCALE_WORDS, strict=True), 1):
            label = layout.FEELING.format(emoji=emoji, word=render.plain(word))
            keyboard.append([Button(label, tap(f"s{n}"))])
    navigation = [Button(render.plain(text.SKIP), tap("skip"))]
    if index > 0:
        navigation.insert(0, Button(render.plain(text.BACK), tap("back")))
    keyboard.append(navigation)
    keyboard.append([Button(render.plain(text.PAUSE), tap("pause"))])
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
    earlier = answer_for(turn.session, consultation, question.key)
    if earlier is not None:
        said = Html(describe(turn.render, question, earlier))
        body.append(turn.render(text.PREVIOUS_ANSWER, answer=said))
    body.append(_hint(turn.render, question, consultation.band))
    replies = [Reply(turn.chat_id, intro)] if intro else []
    replies.append(Reply(turn.chat_id, "\n\n".join(body), keyboard(turn, consultation, index)))
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
            title = Html(sentence(render(section.title)))
            lines = [render.markup(layout.SECTION, emoji=section.emoji, title=title)]
            current_section = question.section
        asked = Html(sentence(render(question.text_for(consultation.band))))
        said = Html(describe(render, question, answer))
        lines.append(render.markup(layout.ASKED_AND_SAID, question=asked, answer=said))
    if lines:
        blocks.append("\n".join(lines))
    else:
        blocks.append(render(text.SUMMARY_NOTHING))
    blocks.append(render(text.SUMMARY_FOOTER))
    index = len(qs.for_band(consultation.band))

    def tap(action: str) -> ConsultationTap:
        return ConsultationTap(consultation.id or 0, index, action)

    keyboard = [
        [Button(render.plain(text.SEND), tap("send"))],
        [Button(render.plain(text.CHANGE_ANSWERS), tap("back"))],
        [Button(render.plain(text.PAUSE), tap("pause"))],
        [sos_button(render, turn.child.id)],
    ]
    messages = pack(blocks)
    replies = [Reply(turn.chat_id, intro)] if intro else []
    replies += [Reply(turn.chat_id, body) for body in messages[:-1]]
    replies.append(Reply(turn.chat_id, messages[-1], keyboard))
    return replies


def what_next(turn: Turn, alert_id: int) -> list[Reply]:
    """After the child told the bot they may not be safe: no next question straight away,
    but a choice, with their place kept whichever they choose."""
    render = turn.render

    def choice(label: str, what: str) -> list[Button]:
        return [Button(render.plain(label), AfterAlert(alert_id, what))]  # type: ignore[arg-type]

    buttons = [
        choice(safety.CARRY_ON_BUTTON, "go"),
        choice(safety.BREAK_BUTTON, "pause"),
        choice(safety.TALK_BUTTON, "talk"),
        [sos_button(render, turn.child.id)],  # still one tap away
    ]
    return [Reply(turn.chat_id, render(safety.CHILD_WHAT_NEXT), buttons)]


def already_sent(turn: Turn, review: Review, consultation: Consultation) -> list[Reply]:
    render = turn.render
    body = render(
        text.ALREADY_SENT,
        sent=render.day(consultation.sent_at or turn.now),
        date=render.when(review.scheduled_at),
    )
    button = Button(
        render.plain(text.ADD_SOMETHING), ConsultationTap(consultation.id or 0, 0, "add")
    )
    return [Reply(turn.chat_id, sentence(body), [[button], [sos_button(render, turn.child.id)]])]
