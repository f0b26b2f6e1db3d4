"""One function per kind of update: find who is speaking, run the rules, and
return the replies. Each call is one database transaction, committed before the
handler sends anything, so what a person said is safe before they see an answer.

These functions are synchronous (the database driver is); handlers run them in a
worker thread so the event loop keeps serving other chats.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from sqlmodel import Session

from bot.consultation import answers, file_limits, onboarding, prompts
from bot.consultation import flow as consultation
from bot.conversation import workspace
from bot.people import lockout
from bot.people.invites import redeem_invite
from bot.people.own_words import words_for
from bot.people.records import HELPER_ROLES, by_telegram_id, children_helped_by, first_name
from bot.people.turns import Turn, make_turn
from bot.platform.access import may_help
from bot.platform.replies import Button, Reply, rows
from bot.platform.runtime import Runtime
from bot.privacy import my_data as privacy
from bot.reminders import reachability
from bot.safeguarding import acknowledgement, screening
from bot.safeguarding import alerts as safeguarding
from bot.workspace import dashboard, profile
from bot.workspace import reading as readmarks
from bot.workspace import reminder_buttons as reminder_actions
from messages import safety, text
from messages.render import Renderer
from models import Person, Summary

log = logging.getLogger(__name__)

BUTTON_PREFIXES = ("c:", "w:", "l:", "h:", "r:", "go:", "n:", safeguarding.SOS, safeguarding.ACK)
BUTTON_PREFIXES += workspace.PREFIXES  # held:, sum:, prof:, fb:, reply:
"""Every kind of button data :func:`button` acts on (tests/test_roles.py tries each)."""

STAFF_WELCOME = {
    "iro": text.STAFF_WELCOME_IRO,
    "social_worker": text.STAFF_WELCOME_SOCIAL_WORKER,
    "carer": text.STAFF_WELCOME_CARER,
    "manager": text.STAFF_WELCOME_MANAGER,
}


def _stranger(chat_id: int) -> list[Reply]:
    return [Reply(chat_id, Renderer("en")(text.HELLO_STRANGER))]


P = ParamSpec("P")


def known(
    handle: Callable[Concatenate[Runtime, Session, Person, int, P], list[Reply]],
) -> Callable[Concatenate[Runtime, int, P], list[Reply]]:
    """One unit of work for someone we know; a stranger hears who we are, and nothing else."""

    @functools.wraps(handle)
    def run(rt: Runtime, user_id: int, /, *args: P.args, **kwargs: P.kwargs) -> list[Reply]:
        with rt.session() as session:
            person = by_telegram_id(session, user_id)
            if person is None:
                return _stranger(user_id)
            return handle(rt, session, person, user_id, *args, **kwargs)

    return run


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
            if lockout.locked_until(session, user_id, now) is not None:
                # Locked out for guessing: the token is not even looked at.
                log.info("invite not checked for locked-out telegram user %s", user_id)
                return [Reply(user_id, Renderer("en")(safety.TOO_MANY_TRIES))]
            person = redeem_invite(session, token, user_id, now)
            if person is None:
                log.info("invite refused for telegram user %s", user_id)
                if lockout.record_failure(session, user_id, now) is not None:
                    return [Reply(user_id, Renderer("en")(safety.TOO_MANY_TRIES))]
                return [Reply(user_id, Renderer("en")(text.LINK_NOT_WORKING))]
            lockout.forget_failures(session, user_id)
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
        render = Renderer(person.locale)
        extra = workspace.HELP.get(person.role)  # the IRO's and manager's commands
        return [Reply(user_id, render(text.HELP_STAFF) + (f"\n\n{render(extra)}" if extra else ""))]


@known
def my_review(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """``/myreview``: a child (or a helper) starts or carries on."""
    turn = _turn(rt, session, person)
    if turn is None:
        return _not_helping(person)
    if onboarding.in_setup(turn.child):
        return onboarding.ask(turn)
    # "Jo has read it ✓", and the IRO's profile the first time it starts.
    shown = profile.around_first_start(turn, lambda: consultation.show(turn))
    return readmarks.child_mark(turn) + shown


@known
def my_words(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """``/mywords``: choose the words again."""
    turn = _turn(rt, session, person)
    if turn is None:
        return _not_helping(person)
    return onboarding.start_words(turn)


@known
def words(
    rt: Runtime,
    session: Session,
    person: Person,
    user_id: int,
    message: str,
    *,
    quiet_when_idle: bool = False,
) -> list[Reply]:
    """Free text from anyone. ``quiet_when_idle``: the safeguarding check has already
    answered this message, so say nothing more unless it was an answer."""
    if person.awaiting_input:
        # A worker answering the bot's question ("There's a problem": a few words).
        now, zone = rt.clock.now(), rt.settings.zone
        answered = reminder_actions.on_text(session, now, person, message, zone)
        if answered is not None:
            return answered
        # The IRO's profile or summary, or a child writing back to their IRO.
        answered = workspace.on_text(session, now, person, message, zone)
        if answered is not None:
            return answered
    turn = _turn(rt, session, person)
    if turn is None:
        return [Reply(user_id, Renderer(person.locale)(text.HELP_STAFF))]
    if onboarding.in_setup(turn.child):
        return onboarding.typed(turn, message)
    replies = consultation.on_words(turn, "text", words=message)
    if replies or quiet_when_idle:
        return replies
    return _idle(turn)


@known
def media(
    rt: Runtime,
    session: Session,
    person: Person,
    user_id: int,
    kind: str,
    file_id: str,
    caption: str | None,
) -> list[Reply]:
    """A photo or a voice note."""
    if person.awaiting_input and kind == "photo":
        # An IRO's photo for their profile.
        now, zone = rt.clock.now(), rt.settings.zone
        answered = workspace.on_photo(session, now, person, file_id, zone)
        if answered is not None:
            return answered
    turn = _turn(rt, session, person)
    if turn is None:
        return [Reply(user_id, Renderer(person.locale)(text.HELP_STAFF))]
    replies = consultation.on_words(turn, kind, words=caption, file_id=file_id)
    return replies or _idle(turn)


@known
def other(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """Stickers, locations, contacts, polls, files: kindly say what works."""
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
            # The view, with what's new since this reader last read it.
            return readmarks.read(session, now, person, int(data[2:]), user_id, rt.settings.zone)
        if data.startswith("h:") and data[2:].isdigit():
            return _start_helping(rt, session, person, int(data[2:]))
        if data.startswith(reminder_actions.PREFIX):
            zone = rt.settings.zone
            return reminder_actions.on_button(session, now, person, data, message_id, zone)
        if data.startswith(safeguarding.ACK):
            zone = rt.settings.zone
            return acknowledgement.acknowledge(session, now, person, data, message_id, zone)
        if data.startswith(safeguarding.SOS):
            return _not_safe(rt, session, person, data)
        if data.startswith(workspace.PREFIXES):
            # The IRO's workspace; each re-checks who may tap what.
            zone = rt.settings.zone
            return workspace.on_button(session, now, person, data, message_id, zone)
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
            unsafe = consultation.unsafe_choice(turn, data)
            # The IRO's profile comes first the first time My Review starts.
            step = lambda: consultation.on_button(turn, data, message_id)  # noqa: E731
            replies = profile.around_first_start(turn, step)
            if unsafe is None:
                return replies
            # "No" to "Do you feel safe at home?": saved like any answer, and an alert.
            raised = safeguarding.raise_alert(
                session,
                now,
                child=turn.child,
                actor=person,
                concerns=("unsafe_home",),
                rules=(safeguarding.CHOICE_RULE,),
                source=f"choice:{screening.SAFE_QUESTION}:{screening.NO_OPTION}",
                review_id=unsafe.review_id,
                zone=rt.settings.zone,
            )
            return [*raised.to_actor, *replies, *raised.to_staff]
        return [Reply(user_id, toast=render.plain(text.BUTTON_GONE))]


@known
def reviews(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """``/reviews`` for IROs, social workers and carers."""
    if person.role == "child":
        return [Reply(user_id, Renderer(person.locale)(text.NOT_ALLOWED))]
    now, zone = rt.clock.now(), rt.settings.zone
    if person.role == "iro":
        listed = dashboard.for_iro(session, now, person, user_id, zone)
    else:
        listed = dashboard.reviews_list(session, now, person, user_id, zone)
    return listed + reminder_actions.for_reviews_list(session, now, person, user_id, zone)


def membership(rt: Runtime, user_id: int, blocked: bool) -> list[Reply]:
    """Someone blocked the bot (or unblocked it): nothing to say, but reminders change."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return []
        if blocked:
            reachability.mark_unreachable(session, rt.clock.now(), person, "blocked")
        else:
            reachability.mark_reachable(session, rt.clock.now(), person, rt.settings.zone)
        return []


@known
def help_child(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """``/helpchild``: a carer or social worker picks the child they are sitting with."""
    render = Renderer(person.locale)
    if person.role not in HELPER_ROLES:
        return [Reply(user_id, render(text.NOT_ALLOWED))]
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


@known
def stop_helping(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    render = Renderer(person.locale)
    if person.role not in HELPER_ROLES:
        return [Reply(user_id, render(text.NOT_ALLOWED))]
    if person.helping_child_id is None:
        return [Reply(user_id, render(text.NOT_HELPING))]
    child = session.get(Person, person.helping_child_id)
    person.helping_child_id = None
    session.add(person)
    name = first_name(child) if child else ""
    return [Reply(user_id, render(text.HELPING_STOPPED, child=name))]


# --- safeguarding, privacy and security -------------------------------------


def _not_helping(person: Person) -> list[Reply]:
    """A worker with no child to help: helpers are told how; anyone else may not."""
    chat_id = person.telegram_user_id or 0
    msgid = text.NOT_HELPING if person.role in HELPER_ROLES else text.NOT_ALLOWED
    return [Reply(chat_id, Renderer(person.locale)(msgid))]


def _idle(turn: Turn) -> list[Reply]:
    """Words with nothing to fill in: how to start, and "I don't feel safe" one tap away."""
    sos = safeguarding.sos_button(turn.render, turn.child.id)
    return [Reply(turn.chat_id, turn.render(text.IDLE_MESSAGE), [[sos]])]


def _not_safe(rt: Runtime, session: Session, person: Person, data: str) -> list[Reply]:
    """The "🆘 I don't feel safe" button (``sos:<child id>``): the child, or their helper."""
    chat_id = person.telegram_user_id or 0
    number = data.removeprefix(safeguarding.SOS)
    child = session.get(Person, int(number)) if number.isdigit() else None
    mine = child is not None and child.id == person.id and child.role == "child"
    if child is None or not (mine or may_help(person, child)):
        return [Reply(chat_id, toast=Renderer(person.locale).plain(text.BUTTON_GONE))]
    turn = _turn(rt, session, person)
    found = consultation.open_for(turn) if turn and turn.child.id == child.id else None
    raised = safeguarding.raise_alert(
        session,
        rt.clock.now(),
        child=child,
        actor=person,
        concerns=("unsafe_home",),
        rules=(safeguarding.BUTTON_RULE,),
        source="button",
        review_id=found[0].id if found else None,
        zone=rt.settings.zone,
    )
    replies = list(raised.to_actor)
    if turn is not None and found is not None and found[1].status == "in_progress":
        # The consultation carries on where it was, its buttons at the bottom again.
        replies += prompts.prompt(turn, found[1], turn.render(safety.CHILD_CARRY_ON))
    return [*replies, *raised.to_staff]


REPLY_TO_IRO = "reply:"
"""``Person.awaiting_input`` (``reply:<summary id>``) while a child writes back to their
IRO (``bot.summaries``)."""
SCREENED_KINDS = ("message", "caption", "edited", "command", "poll", "group")


def screen(rt: Runtime, user_id: int, words: list[str], kind: str) -> list[Reply]:
    """Every word a child (or a helper typing for one) sends, checked for signs they are
    not safe, before anything else handles it: ``kind`` is one of ``SCREENED_KINDS``.

    Its own transaction, so the alert is committed whatever happens to the rest of
    the update; the answer itself is saved by the usual handler, exactly as always.
    """
    said = "\n".join(w for w in words if w and w.strip())
    if not said:
        return []
    try:
        with rt.session() as session:
            return _screen(rt, session, user_id, said, kind)
    except Exception:
        # The operator's log has the cause; a child who may not be safe still gets the
        # numbers to call (the adults could not be told: never say they were).
        log.exception("safeguarding check failed for telegram user %s", user_id)
        if screening.screen_words(said) or screening.says_no(said):
            return [Reply(user_id, Renderer("en")(safety.CHILD_SAFETY_ONLY))]
        return []


def _screen(rt: Runtime, session: Session, user_id: int, said: str, kind: str) -> list[Reply]:
    person = by_telegram_id(session, user_id)
    if person is None:
        if kind != "group" and screening.screen_words(said):
            log.info("worrying words from telegram user %s, who is not linked", user_id)
            return [Reply(user_id, Renderer("en")(safety.STRANGER_SAFETY))]
        return []
    turn = _turn(rt, session, person)
    if turn is None:
        return []  # a worker's own words, not a child's
    source, review_id = _source(turn, kind)
    answering = source.removeprefix("answer:") if source.startswith("answer:") else None
    name = first_name(turn.child)
    screened = screening.screen_words(said, answering=answering, name=name)
    if not screened:
        return []
    raised = safeguarding.raise_alert(
        session,
        rt.clock.now(),
        child=turn.child,
        actor=person,
        concerns=screened.concerns,
        rules=screened.rules,
        source=source,
        words=said,
        review_id=review_id,
        zone=rt.settings.zone,
    )
    return raised.replies


def _source(turn: Turn, kind: str) -> tuple[str, int | None]:
    """Where the words were written (for the adults), and the open review if any."""
    found = consultation.open_for(turn)
    review_id = found[0].id if found else None
    if kind not in ("message", "caption"):
        return kind, review_id
    awaiting = turn.child.awaiting_input or ""
    if not turn.helping and awaiting.startswith(REPLY_TO_IRO):
        # Writing back to their IRO about the summary of their meeting.
        number = awaiting.removeprefix(REPLY_TO_IRO)
        summary = turn.session.get(Summary, int(number)) if number.isdigit() else None
        return "reply", summary.review_id if summary is not None else review_id
    if onboarding.in_setup(turn.child):
        return "words", review_id
    if found is None:
        return kind, None
    record = found[1]
    if record.status == "in_progress" and record.current_key == answers.SUMMARY:
        return "summary", review_id
    if record.status == "in_progress" and record.current_key:
        return f"answer:{record.current_key}", review_id
    if record.status == "sent":
        return "addition", review_id
    return kind, review_id


def too_big(
    rt: Runtime, user_id: int, kind: str, size: int | None, seconds: int | None
) -> list[Reply]:
    """A file over its limit: a kind reply (and the question again); empty if it is fine."""
    limit = file_limits.too_big(kind, size, seconds)
    if limit is None:
        return []
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return []  # a stranger hears who we are from the usual handler
        turn = _turn(rt, session, person)
        render = turn.render if turn else Renderer(person.locale, zone=rt.settings.zone)
        what = render.translate(safety.WHAT_FILE.get(kind, safety.WHAT_FILE["document"]))
        log.info("a %s of %s bytes from person %s is over the limit", kind, size, person.id)
        if limit[0] == "bytes":
            most = render.plain(safety.MEGABYTES, number=limit[1] // file_limits.MB)
            notice = render(safety.TOO_BIG, what=what, limit=most)
        else:
            notice = render(safety.TOO_LONG_VOICE, minutes=limit[1] // 60)
        if turn is not None:
            found = consultation.open_for(turn)
            if found is not None and found[1].status == "in_progress":
                return prompts.prompt(turn, found[1], notice)
        return [Reply(user_id, notice)]


@known
def my_data(rt: Runtime, session: Session, person: Person, user_id: int) -> list[Reply]:
    """``/mydata``: a child's copy of everything held about them."""
    if person.role != "child":
        return [Reply(user_id, Renderer(person.locale)(safety.ONLY_FOR_CHILDREN))]
    return privacy.my_data(session, rt.clock.now(), person, rt.settings.zone)
