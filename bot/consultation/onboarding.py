"""A child's first conversation: hello, what My Review is for, their language and
their own words (Language that Cares). ``/mywords`` runs the words part again.

The step is kept on the child's row (``setup_step``), so a child who stops half
way carries on from the same place, whichever process answers them next.
Its buttons are ``Language`` and ``Word`` (``bot.platform.buttons``).
"""

from __future__ import annotations

from sqlmodel import Session

from bot.consultation import flow as consultation
from bot.people.own_words import chosen_words, set_word, words_for
from bot.people.records import first_name
from bot.people.turns import Turn
from bot.platform.buttons import ConsultationTap, Language, Later, Word
from bot.platform.replies import Button, Reply, rows
from messages import layout, text
from messages.questions import (
    MAX_WORD_CHARS,
    child_words,
    in_childs_voice,
    is_non_answer,
    load_word_prompts,
)
from messages.render import Html, Renderer, available_locales, locale_name, sentence
from models import Person

LANGUAGE = "language"
"""The picker in the first conversation: the words come next."""
LANGUAGE_AGAIN = "language:again"
"""The picker after ``/language``: back to whatever they were doing."""
WORDS = "words:"


def _refresh(turn: Turn) -> None:
    """Re-read the child's words and locale after they change one."""
    session: Session = turn.session
    turn.render = Renderer(turn.child.locale, words_for(session, turn.child), turn.render.zone)


def first_step() -> str:
    return LANGUAGE if len(available_locales()) > 1 else WORDS + load_word_prompts()[0].key


def welcome(turn: Turn, hint: str | None = None) -> list[Reply]:
    """What a child sees once their link has worked (``hint``: the language their
    app is in, offered first in the picker)."""
    render = turn.render
    turn.child.setup_step = first_step()
    turn.session.add(turn.child)
    hello = sentence(render(text.CHILD_WELCOME))
    about = sentence(render(text.CHILD_ABOUT))
    # One message to read, then the first thing to tap: not four before anything happens.
    return [Reply(turn.chat_id, hello + "\n\n" + about), *ask(turn, True, hint)]


def _first_saying(note: str, replies: list[Reply]) -> list[Reply]:
    """``note`` at the top of the first message that follows ("Thanks! I'll say…", then
    the next question), so each choice is one message, not two."""
    if not replies:
        return replies
    first = replies[0]
    first.text = note + "\n\n" + first.text if first.text else note
    return replies


def _in_place(replies: list[Reply], message_id: int | None) -> list[Reply]:
    """The first reply edits the message that was tapped (when there is one and the
    reply has buttons of its own): the conversation grows by nothing."""
    if message_id is not None and replies and replies[0].buttons:
        replies[0].edit_message_id = message_id
    return replies


def change_language(turn: Turn) -> list[Reply]:
    """``/language``: the picker again, at any time; nothing else changes."""
    turn.child.setup_step = LANGUAGE_AGAIN
    turn.session.add(turn.child)
    return ask(turn)


def picker_order(current: str, hint: str | None) -> list[str]:
    """The child's language first, then their app's, then the rest in our order. A
    Farsi app is as likely to be a Dari speaker's (and the other way round): both are
    offered next to each other."""
    sibling = {"fa": "prs", "prs": "fa"}.get(hint or "")
    first = [c for c in (current, hint, sibling) if c and c in available_locales()]
    return list(dict.fromkeys([*first, *available_locales()]))


def _picker(turn: Turn, hint: str | None) -> Reply:
    """Each language in its own name. The question is in the child's language and,
    if their app suggests another, in that one too."""
    current = turn.child.locale
    buttons = [Button(locale_name(code), Language(code)) for code in picker_order(current, hint)]
    body = turn.render(text.LANGUAGE_ASK)
    if hint and hint != current and hint in available_locales():
        body += "\n" + Renderer(hint, turn.render.words, turn.render.zone)(text.LANGUAGE_ASK)
    return Reply(turn.chat_id, body, rows(buttons, 2))


def start_words(turn: Turn) -> list[Reply]:
    """``/mywords``: choose the words again, one at a time."""
    turn.child.setup_step = WORDS + load_word_prompts()[0].key
    turn.session.add(turn.child)
    return ask(turn, intro=True)


def ask(turn: Turn, intro: bool = False, hint: str | None = None) -> list[Reply]:
    """The current step's question with its buttons."""
    render = turn.render
    step = turn.child.setup_step or ""
    if step in (LANGUAGE, LANGUAGE_AGAIN):
        return [_picker(turn, hint)]
    key = step.removeprefix(WORDS)
    prompt = next((p for p in load_word_prompts() if p.key == key), None)
    if prompt is None:
        return finish(turn)
    replies: list[Reply] = []
    body = sentence(render(prompt.ask))
    if turn.helping:
        body = render(text.FOR_CHILD, child=first_name(turn.child)) + "\n" + body
    if intro:
        body = render(text.WORDS_INTRO) + "\n\n" + body
    if prompt.hint:
        body += "\n" + render.markup(layout.ITALIC, text=Html(render(prompt.hint)))
    buttons = [
        Button(render.plain(s.label), Word(key, str(i))) for i, s in enumerate(prompt.suggestions)
    ]
    keyboard = rows(buttons, 2)
    chosen = chosen_words(turn.session, turn.child).get(key)
    if chosen:
        # In the child's own voice: "my foster carers Sam and Jo", as they would say it.
        mine = next(
            (s.label for s in prompt.suggestions if render.translate(s.value) == chosen), None
        )
        said = mine or in_childs_voice(chosen)
        keyboard.append([Button(render.plain(text.WORD_KEEP, value=said), Word(key, "keep"))])
    keyboard.append(
        [
            Button(render.plain(text.WORD_NOT_SURE_BUTTON), Word(key, "unsure")),
            Button(render.plain(text.WORD_SKIP_BUTTON), Word(key, "skip")),
        ]
    )
    replies.append(Reply(turn.chat_id, body, keyboard))
    return replies


def _not_sure(turn: Turn, key: str) -> list[Reply]:
    """ "I'm not sure", "Skip", or a typed "idk": nothing is saved; the word they had (or
    the everyday one) stays, and they can change it later."""
    prompt = next(p for p in load_word_prompts() if p.key == key)
    chosen = chosen_words(turn.session, turn.child).get(key)
    value = chosen or turn.render.translate(prompt.default)
    return _first_saying(turn.render(text.WORD_NOT_SURE, value=value), _next_step(turn, key))


def _next_step(turn: Turn, key: str) -> list[Reply]:
    keys = [p.key for p in load_word_prompts()]
    position = keys.index(key) + 1
    if position < len(keys):
        turn.child.setup_step = WORDS + keys[position]
        turn.session.add(turn.child)
        return ask(turn)
    return finish(turn)


def finish(turn: Turn) -> list[Reply]:
    """Words chosen: say how to change them, and offer My Review if it is open."""
    turn.child.setup_step = None
    turn.session.add(turn.child)
    render = turn.render
    done = render(text.WORDS_DONE)
    found = consultation.open_for(turn)
    if found is None:
        return [Reply(turn.chat_id, done + "\n\n" + sentence(render(text.NOTHING_OPEN)))]
    review, record = found
    if record.status in ("not_started", "in_progress"):
        buttons = [
            [Button(render.plain(text.START_NOW), ConsultationTap(record.id or 0, 0, "start"))],
            [Button(render.plain(text.LATER), Later())],
        ]
        body = sentence(render(text.OFFER_START, date=render.when(review.scheduled_at)))
        return [Reply(turn.chat_id, done + "\n\n" + body, buttons)]
    return [Reply(turn.chat_id, done)]


def choose_language(turn: Turn, tap: Language, message_id: int | None = None) -> list[Reply]:
    """A tap on a language in the picker (``message_id``: the picker, which becomes the
    first word's question in place)."""
    step = turn.child.setup_step
    if step not in (LANGUAGE, LANGUAGE_AGAIN) or tap.code not in available_locales():
        return [Reply(turn.chat_id, toast=turn.render.plain(text.BUTTON_GONE))]
    turn.child.locale = tap.code
    turn.session.add(turn.child)
    if step == LANGUAGE_AGAIN:
        turn.child.setup_step = None
        _refresh(turn)
        changed = Reply(
            turn.chat_id, turn.render(text.LANGUAGE_CHANGED, language=locale_name(tap.code))
        )
        found = consultation.open_for(turn)
        if found is not None and found[1].status == "in_progress":
            return [changed, *consultation.show(turn)]
        return [changed]
    turn.child.setup_step = WORDS + load_word_prompts()[0].key
    _refresh(turn)
    return _in_place(ask(turn, intro=True), message_id)


def choose_word(turn: Turn, tap: Word, message_id: int | None = None) -> list[Reply]:
    """A tap on one of the suggested words (or "keep" the one chosen before): the
    question becomes "Thanks! I'll say…" and the next question, in place."""
    render = turn.render
    if turn.child.setup_step != WORDS + tap.word:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE)), *ask(turn)]
    key, choice = tap.word, tap.choice
    prompt = next(p for p in load_word_prompts() if p.key == key)
    if choice in ("unsure", "skip"):
        return _in_place(_not_sure(turn, key), message_id)
    if choice == "keep":
        value = chosen_words(turn.session, turn.child).get(key) or render.translate(prompt.default)
    elif choice.isdigit() and int(choice) < len(prompt.suggestions):
        # Kept in the child's language: "your house" is "بيتك" for a child reading Arabic.
        said = render.translate(prompt.suggestions[int(choice)].value)
        value = set_word(turn.session, turn.child, key, said, turn.now)
    else:
        return [Reply(turn.chat_id, toast=render.plain(text.BUTTON_GONE)), *ask(turn)]
    _refresh(turn)
    saved = render(text.WORD_SAVED, value=value)
    following = _next_step(turn, key)
    if turn.child.setup_step is None and message_id is not None:
        # The last word: the question says what was kept, and the rest follows it.
        return [Reply(turn.chat_id, saved, edit_message_id=message_id), *following]
    return _in_place(_first_saying(saved, following), message_id)


def typed(turn: Turn, words: str) -> list[Reply]:
    """The child typed their own word instead of tapping one."""
    render = turn.render
    step = turn.child.setup_step or ""
    if not step.startswith(WORDS):
        return ask(turn)
    key = step.removeprefix(WORDS)
    prompt = next(p for p in load_word_prompts() if p.key == key)
    if is_non_answer(words):
        return _not_sure(turn, key)
    # "my nan" becomes "your nan" in English; in another language the child's words
    # are kept exactly as typed (no rule can turn them round safely).
    value = child_words(words) if turn.child.locale == "en" else " ".join(words.split())
    for lead in prompt.drop_leading:
        if value.lower().startswith(lead.lower()):
            value = value[len(lead) :].strip()
    if not value:
        return ask(turn)
    if len(value) > MAX_WORD_CHARS:
        return [Reply(turn.chat_id, render(text.WORD_TOO_LONG, limit=MAX_WORD_CHARS)), *ask(turn)]
    value = set_word(turn.session, turn.child, key, value, turn.now)
    _refresh(turn)
    return _first_saying(render(text.WORD_SAVED, value=value), _next_step(turn, key))


def in_setup(child: Person) -> bool:
    """In the first conversation (or ``/mywords``): what they type is a word. The
    picker after ``/language`` is not setup: a child who types instead of tapping is
    answering My Review, and their words go there."""
    return child.setup_step not in (None, "start", LANGUAGE_AGAIN)


def choosing_language(child: Person) -> bool:
    return child.setup_step in (LANGUAGE, LANGUAGE_AGAIN)
