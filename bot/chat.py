"""One function per kind of update: find who is speaking, run the rules, and
return the replies. Each call is one database transaction, committed before the
handler sends anything, so what a person said is safe before they see an answer.

These functions are synchronous (the database driver is); handlers run them in a
worker thread so the event loop keeps serving other chats.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from bot import consultation, onboarding, reading
from bot.access import may_help
from bot.consultation import Turn, make_turn
from bot.people import by_telegram_id, children_helped_by, first_name, redeem_invite
from bot.replies import Button, Reply, rows
from bot.runtime import Runtime
from bot.words import words_for
from messages import text
from messages.render import Renderer
from models import Person

log = logging.getLogger(__name__)

STAFF_WELCOME = {
    "iro": text.STAFF_WELCOME_IRO,
    "social_worker": text.STAFF_WELCOME_SOCIAL_WORKER,
    "carer": text.STAFF_WELCOME_CARER,
    "manager": text.STAFF_WELCOME_MANAGER,
}


def _stranger(chat_id: int, language_code: str | None = None) -> list[Reply]:
    return [Reply(chat_id, Renderer("en")(text.HELLO_STRANGER))]


def _turn(rt: Runtime, session: Session, person: Person) -> Turn | None:
    return make_turn(session, rt.clock.now(), person, rt.settings.zone)


def _child_turn(rt: Runtime, session: Session, child: Person) -> Turn:
    turn = make_turn(session, rt.clock.now(), child, rt.settings.zone)
    assert turn is not None
    return turn


def start(rt: Runtime, user_id: int, token: str | None) -> list[Reply]:
    """``/start [token]``: bind an account, or greet someone already known."""
    now = rt.clock.now()
    with rt.session() as session:
        known = by_telegram_id(session, user_id)
        if token and known is None:
            person = redeem_invite(session, token, user_id, now)
            if person is None:
                log.info("invite refused for telegram user %s", user_id)
                return [Reply(user_id, Renderer("en")(text.LINK_NOT_WORKING))]
            log.info("person %s linked a telegram account", person.id)
            return _greet(rt, session, person, first_time=True)
        if known is None:
            return _stranger(user_id)
        if token:
            # Someone already set up opened another link: never re-bind silently.
            replies = [Reply(user_id, Renderer(known.locale)(text.ACCOUNT_ALREADY_SET_UP))]
            return replies + _greet(rt, session, known, first_time=False)
        return _greet(rt, session, known, first_time=False)


def _greet(rt: Runtime, session: Session, person: Person, first_time: bool) -> list[Reply]:
    chat_id = person.telegram_user_id or 0
    if person.role != "child":
        render = Renderer(person.locale, zone=rt.settings.zone)
        return [Reply(chat_id, render(STAFF_WELCOME[person.role], name=first_name(person)))]
    turn = _child_turn(rt, session, person)
    if first_time or person.setup_step == "start":
        return onboarding.welcome(turn)
    if person.setup_step is not None:
        return onboarding.ask(turn)
    return consultation.show(turn)


def help_text(rt: Runtime, user_id: int) -> list[Reply]:
    """``/help`` works for everyone, always."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return [Reply(user_id, Renderer("en")(text.HELP_STRANGER))]
        if person.role == "child":
            render = Renderer(person.locale, words_for(session, person), rt.settings.zone)
            return [Reply(user_id, render(text.HELP_CHILD))]
        return [Reply(user_id, Renderer(person.locale)(text.HELP_STAFF))]


def my_review(rt: Runtime, user_id: int) -> list[Reply]:
    """``/myreview``: a child (or a helper) starts or carries on."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, Renderer(person.locale)(text.NOT_HELPING))]
        if onboarding.in_setup(turn.child):
            return onboarding.ask(turn)
        return consultation.show(turn)


def my_words(rt: Runtime, user_id: int) -> list[Reply]:
    """``/mywords``: choose the words again."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, Renderer(person.locale)(text.NOT_HELPING))]
        return onboarding.start_words(turn)


def words(rt: Runtime, user_id: int, message: str) -> list[Reply]:
    """Free text from anyone."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, Renderer(person.locale)(text.HELP_STAFF))]
        if onboarding.in_setup(turn.child):
            return onboarding.typed(turn, message)
        replies = consultation.on_words(turn, "text", words=message)
        return replies or [Reply(user_id, turn.render(text.IDLE_MESSAGE))]


def media(rt: Runtime, user_id: int, kind: str, file_id: str, caption: str | None) -> list[Reply]:
    """A photo or a voice note."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, Renderer(person.locale)(text.HELP_STAFF))]
        replies = consultation.on_words(turn, kind, words=caption, file_id=file_id)
        return replies or [Reply(user_id, turn.render(text.IDLE_MESSAGE))]


def other(rt: Runtime, user_id: int) -> list[Reply]:
    """Stickers, locations, contacts, polls, files: kindly say what works."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, Renderer(person.locale)(text.ONLY_WORDS_PHOTOS_VOICE))]
        return consultation.on_other(turn)


def button(rt: Runtime, user_id: int, data: str, message_id: int | None) -> list[Reply]:
    """Any inline button. The data is never trusted: each branch re-checks access."""
    now = rt.clock.now()
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return [Reply(user_id, toast=Renderer("en").plain(text.BUTTON_GONE))]
        render = Renderer(person.locale, zone=rt.settings.zone)
        if data.startswith("r:") and data[2:].isdigit():
            return reading.read(session, now, person, int(data[2:]), user_id, rt.settings.zone)
        if data.startswith("h:") and data[2:].isdigit():
            return _start_helping(rt, session, person, int(data[2:]))
        turn = _turn(rt, session, person)
        if turn is None:
            return [Reply(user_id, toast=render.plain(text.BUTTON_GONE))]
        if data == "go:later":
            return [Reply(user_id, turn.render(text.LATER_OK), edit_message_id=message_id)]
        if data.startswith(("l:", "w:")):
            if not onboarding.in_setup(turn.child):
                return [Reply(user_id, toast=render.plain(text.BUTTON_GONE))]
            return onboarding.choose(turn, data)
        if data.startswith("c:"):
            return consultation.on_button(turn, data, message_id)
        return [Reply(user_id, toast=render.plain(text.BUTTON_GONE))]


def reviews(rt: Runtime, user_id: int) -> list[Reply]:
    """``/reviews`` for IROs, social workers and carers."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        if person.role == "child":
            return [Reply(user_id, Renderer(person.locale)(text.NOT_ALLOWED))]
        return reading.reviews_list(session, rt.clock.now(), person, user_id, rt.settings.zone)


def help_child(rt: Runtime, user_id: int) -> list[Reply]:
    """``/helpchild``: a carer or social worker picks the child they are sitting with."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        render = Renderer(person.locale)
        children = children_helped_by(session, person)
        if not children:
            return [Reply(user_id, render(text.HELP_CHILD_NONE))]
        buttons = [Button(child.name, f"h:{child.id}") for child in children]
        return [Reply(user_id, render(text.HELP_CHILD_PICK), rows(buttons, 1))]


def _start_helping(rt: Runtime, session: Session, helper: Person, child_id: int) -> list[Reply]:
    child = session.get(Person, child_id)
    render = Renderer(helper.locale)
    if not may_help(helper, child):
        return [Reply(helper.telegram_user_id or 0, render(text.NOT_ALLOWED))]
    assert child is not None
    helper.helping_child_id = child.id
    session.add(helper)
    log.info("person %s is helping child %s", helper.id, child.id)
    turn = _turn(rt, session, helper)
    assert turn is not None
    started = Reply(turn.chat_id, turn.render(text.HELPING_STARTED, child=first_name(child)))
    if child.setup_step is not None:
        child.setup_step = onboarding.first_step()
        return [started, *onboarding.ask(turn, intro=True)]
    return [started, *consultation.show(turn)]


def stop_helping(rt: Runtime, user_id: int) -> list[Reply]:
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        render = Renderer(person.locale)
        if person.helping_child_id is None:
            return [Reply(user_id, render(text.NOT_HELPING))]
        child = session.get(Person, person.helping_child_id)
        person.helping_child_id = None
        session.add(person)
        name = first_name(child) if child else ""
        return [Reply(user_id, render(text.HELPING_STOPPED, child=name))]
