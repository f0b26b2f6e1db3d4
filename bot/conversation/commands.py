"""The commands a person types: one function each, one unit of work each.

``/start`` links an account (or greets someone known), ``/help`` works for
everyone, ``/myreview`` and ``/mywords`` are the child's (or their helper's),
``/reviews``, ``/helpchild`` and ``/stophelping`` are the workers', ``/profile``,
``/held`` and ``/stats`` the IRO's and manager's, ``/mydata`` the child's copy.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from bot.consultation import flow, onboarding
from bot.conversation import typed
from bot.conversation.incoming import Incoming
from bot.conversation.speaker import child_turn, not_helping, stranger
from bot.people import lockout
from bot.people.addresses import by_address, is_web
from bot.people.invites import redeem_invite
from bot.people.own_words import words_for
from bot.people.records import HELPER_ROLES, children_helped_by, first_name
from bot.people.turns import StaffTurn
from bot.platform.buttons import HelpChild
from bot.platform.replies import Button, Reply, rows
from bot.platform.runtime import Runtime
from bot.privacy import my_data as privacy
from bot.workspace import (
    caseload,
    dashboard,
    held,
    profile,
    reading,
    reminder_buttons,
    stats,
)
from messages import iro as iro_text
from messages import safety, text
from messages.languages import SOURCE, hinted_by
from messages.render import Renderer
from models import Person

log = logging.getLogger(__name__)

STAFF_WELCOME = {
    "iro": text.STAFF_WELCOME_IRO,
    "social_worker": text.STAFF_WELCOME_SOCIAL_WORKER,
    "carer": text.STAFF_WELCOME_CARER,
    "manager": text.STAFF_WELCOME_MANAGER,
    "duty": text.STAFF_WELCOME_DUTY,
}
STAFF_HELP = {
    "iro": iro_text.HELP_IRO,
    "manager": iro_text.HELP_MANAGER,
    "duty": iro_text.HELP_DUTY,
}
"""What ``/help`` adds for these roles."""


def run(rt: Runtime, session: Session, incoming: Incoming, turn: StaffTurn | None) -> list[Reply]:
    """A command, by its name; a stranger may only ``/start`` with a link or ask ``/help``."""
    name, user_id, hint = incoming.command, incoming.user_id, incoming.language_hint
    if name == "start":
        return start(rt, session, user_id, incoming.argument, hint)
    if name == "help":
        return help_text(rt, session, user_id, turn, hint)
    command = COMMANDS.get(name or "")
    if command is None:
        return [Reply(user_id, Renderer("en")(text.UNKNOWN_COMMAND))]
    if turn is None:
        return stranger(user_id, hint)
    return command(turn)


def start(
    rt: Runtime, session: Session, user_id: int, token: str | None, hint: str | None = None
) -> list[Reply]:
    """``/start [token]``: bind an account, or greet someone already known. Until we
    know who they are, we answer in their app's language if we speak it."""
    now = rt.clock.now()
    unknown = Renderer(hinted_by(hint) or SOURCE)
    person = by_address(session, user_id)
    if is_web(user_id):
        token = None  # the web chat's links are opened by the web channel, not typed
    if token and person is None:
        if lockout.locked_until(session, user_id, now) is not None:
            # Locked out for guessing: the token is not even looked at.
            log.info("invite not checked for locked-out telegram user %s", user_id)
            return [Reply(user_id, unknown(safety.TOO_MANY_TRIES))]
        person = redeem_invite(session, token, user_id, now)
        if person is None:
            log.info("invite refused for telegram user %s", user_id)
            if lockout.record_failure(session, user_id, now) is not None:
                return [Reply(user_id, unknown(safety.TOO_MANY_TRIES))]
            return [Reply(user_id, unknown(text.LINK_NOT_WORKING))]
        lockout.forget_failures(session, user_id)
        log.info("person %s linked a telegram account", person.id)
        # A child who began on the web chat was welcomed there: they carry on.
        first_time = person.web_since is None
        return _greet(rt, session, person, user_id, first_time=first_time, hint=hint)
    if person is None:
        return stranger(user_id, hint)
    if token:
        # Someone already set up opened another link: never re-bind silently.
        replies = [Reply(user_id, Renderer(person.locale)(text.ACCOUNT_ALREADY_SET_UP))]
        return replies + _greet(rt, session, person, user_id, first_time=False)
    return _greet(rt, session, person, user_id, first_time=False, hint=hint)


MENUS: dict[str, tuple[tuple[str, str], ...]] = {
    "child": (
        ("myreview", text.COMMAND_MYREVIEW),
        ("mywords", text.COMMAND_MYWORDS),
        ("language", text.COMMAND_LANGUAGE),
        ("stop", text.PAUSE),
        ("mydata", safety.COMMAND_MYDATA),
        ("help", text.COMMAND_HELP),
    ),
    "carer": (
        ("reviews", text.COMMAND_REVIEWS),
        ("helpchild", text.COMMAND_HELPCHILD),
        ("stophelping", text.COMMAND_STOPHELPING),
        ("cancel", text.COMMAND_CANCEL),
        ("help", text.COMMAND_HELP),
    ),
    "iro": (
        ("reviews", text.COMMAND_REVIEWS),
        ("profile", iro_text.COMMAND_PROFILE),
        ("held", iro_text.COMMAND_HELD),
        ("cancel", text.COMMAND_CANCEL),
        ("help", text.COMMAND_HELP),
    ),
    "manager": (
        ("reviews", text.COMMAND_REVIEWS),
        ("stats", iro_text.COMMAND_STATS),
        ("help", text.COMMAND_HELP),
    ),
    "duty": (("reviews", text.COMMAND_REVIEWS), ("help", text.COMMAND_HELP)),
}
"""Each role's command menu, once the person is known (strangers see /start and /help)."""
MENUS["social_worker"] = MENUS["carer"]

STRANGERS_MENU = (("start", text.COMMAND_START), ("help", text.COMMAND_HELP))


def menu_for(person: Person, chat_id: int, render: Renderer) -> Reply:
    """This person's own command menu, in their language."""
    commands = MENUS.get(person.role, STRANGERS_MENU)
    return Reply(chat_id, menu=[(name, render.plain(words)) for name, words in commands])


def _greet(
    rt: Runtime,
    session: Session,
    person: Person,
    chat_id: int,
    first_time: bool,
    hint: str | None = None,
) -> list[Reply]:
    render = Renderer(person.locale, zone=rt.settings.zone)
    return [
        menu_for(person, chat_id, render),
        *_greeting(rt, session, person, chat_id, first_time, hint),
    ]


def _greeting(
    rt: Runtime,
    session: Session,
    person: Person,
    chat_id: int,
    first_time: bool,
    hint: str | None = None,
) -> list[Reply]:
    if person.role != "child":
        render = Renderer(person.locale, zone=rt.settings.zone)
        return [Reply(chat_id, render(STAFF_WELCOME[person.role], name=first_name(person)))]
    turn = child_turn(rt, session, person, chat_id)
    assert turn is not None
    if first_time or person.setup_step == "start":
        return onboarding.welcome(turn, hinted_by(hint))
    if onboarding.in_setup(person):
        return onboarding.ask(turn)
    return flow.show(turn)


def help_text(
    rt: Runtime, session: Session, user_id: int, turn: StaffTurn | None, hint: str | None = None
) -> list[Reply]:
    """``/help`` works for everyone, always."""
    person = turn.person if turn else None
    if person is None:
        return [Reply(user_id, Renderer(hinted_by(hint) or SOURCE)(text.HELP_STRANGER))]
    if person.role == "child":
        render = Renderer(person.locale, words_for(session, person), rt.settings.zone)
        return [Reply(user_id, render(text.HELP_CHILD))]
    render = Renderer(person.locale)
    extra = STAFF_HELP.get(person.role)
    return [Reply(user_id, render(text.HELP_STAFF) + (f"\n\n{render(extra)}" if extra else ""))]


def my_review(turn: StaffTurn) -> list[Reply]:
    """``/myreview``: a child (or a helper) starts or carries on."""
    child = turn.child_turn()
    if child is None:
        return not_helping(turn)
    if onboarding.in_setup(child.child):
        return onboarding.ask(child)
    # "Jo has read it ✓", and the IRO's profile the first time it starts.
    shown = profile.around_first_start(child, lambda: flow.show(child))
    return reading.child_mark(child) + shown


def my_words(turn: StaffTurn) -> list[Reply]:
    """``/mywords``: choose the words again."""
    child = turn.child_turn()
    if child is None:
        return not_helping(turn)
    return onboarding.start_words(child)


def reviews(turn: StaffTurn, view: caseload.View = "all", page: int = 1) -> list[Reply]:
    """``/reviews`` for IROs, social workers and carers (and a view and page of it, from
    its buttons)."""
    person = turn.person
    if person.role == "child":
        return [Reply(turn.chat_id, turn.render(text.NOT_ALLOWED))]
    session, now, zone = turn.session, turn.now, turn.zone
    if person.role in ("manager", "duty"):
        # What no one else has: alerts that reached nobody, at the top.
        return dashboard.unreached(turn) + dashboard.reviews_list(
            session, now, person, turn.chat_id, zone, view, page
        )
    if person.role == "iro":
        listed = dashboard.for_iro(session, now, person, turn.chat_id, zone, view, page)
    else:
        listed = dashboard.reviews_list(session, now, person, turn.chat_id, zone, view, page)
    return listed + reminder_buttons.for_reviews_list(session, now, person, turn.chat_id, zone)


def help_child(turn: StaffTurn) -> list[Reply]:
    """``/helpchild``: a carer or social worker picks the child they are sitting with."""
    if turn.person.role not in HELPER_ROLES:
        return [Reply(turn.chat_id, turn.render(text.NOT_ALLOWED))]
    children = children_helped_by(turn.session, turn.person)
    if not children:
        return [Reply(turn.chat_id, turn.render(text.HELP_CHILD_NONE))]
    buttons = [Button(child.name, HelpChild(child.id or 0)) for child in children]
    return [Reply(turn.chat_id, turn.render(text.HELP_CHILD_PICK), rows(buttons, 1))]


def stop_helping(turn: StaffTurn) -> list[Reply]:
    """``/stophelping``."""
    person = turn.person
    if person.role not in HELPER_ROLES:
        return [Reply(turn.chat_id, turn.render(text.NOT_ALLOWED))]
    if person.helping_child_id is None:
        return [Reply(turn.chat_id, turn.render(text.NOT_HELPING))]
    child = turn.session.get(Person, person.helping_child_id)
    person.helping_child_id = None
    turn.session.add(person)
    turn.forget_child_turn()
    name = first_name(child) if child else ""
    return [Reply(turn.chat_id, turn.render(text.HELPING_STOPPED, child=name))]


def stop(turn: StaffTurn) -> list[Reply]:
    """``/stop`` and ``/cancel``, as people expect of any bot: stop waiting for the words
    the bot asked for, or pause My Review (everything said is saved already)."""
    person = turn.person
    if person.awaiting_input:
        person.awaiting_input = None
        turn.session.add(person)
        msgid = text.STOPPED_WRITING if person.role == "child" else text.CANCELLED
        return [Reply(turn.chat_id, turn.render(msgid))]
    child = turn.child_turn()
    if child is None:
        return [Reply(turn.chat_id, turn.render(text.NOTHING_TO_CANCEL))]
    paused = flow.pause(child)
    if paused is not None:
        return paused
    return typed.idle(child)


def profile_command(turn: StaffTurn) -> list[Reply]:
    """``/profile``: the IRO's few lines and photo for children."""
    return profile.show(turn)


def held_command(turn: StaffTurn) -> list[Reply]:
    """``/held``: record a meeting and how the child took part."""
    return held.start(turn)


def stats_command(turn: StaffTurn) -> list[Reply]:
    """``/stats``: the figures for the current financial year (managers)."""
    if turn.person.role != "manager":
        return [Reply(turn.chat_id, turn.render(iro_text.STATS_ONLY_MANAGERS))]
    start_day, end_day = stats.current_year(turn.now, turn.zone)
    figures = stats.compute(turn.session, start_day, end_day, turn.now, turn.zone)
    return [Reply(turn.chat_id, body) for body in stats.telegram_text(figures, turn.render)]


def language(turn: StaffTurn) -> list[Reply]:
    """``/language``: a child (or a helper sitting with one) chooses again; staff
    messages are in English."""
    child = turn.child_turn()
    if child is None:
        return [Reply(turn.chat_id, turn.render(text.LANGUAGE_FOR_STAFF))]
    return onboarding.change_language(child)


def my_data(turn: StaffTurn) -> list[Reply]:
    """``/mydata``: a child's copy of everything held about them."""
    if turn.person.role != "child":
        return [Reply(turn.chat_id, turn.render(safety.ONLY_FOR_CHILDREN))]
    return privacy.my_data(turn.session, turn.now, turn.person, turn.zone, turn.chat_id)


COMMANDS = {
    "myreview": my_review,
    "mywords": my_words,
    "language": language,
    "reviews": reviews,
    "helpchild": help_child,
    "stophelping": stop_helping,
    "mydata": my_data,
    "profile": profile_command,
    "held": held_command,
    "stats": stats_command,
    "stop": stop,
    "cancel": stop,
}
"""The commands of someone the bot knows (``/start`` and ``/help`` work for anyone)."""
