"""The IRO's one-page profile: a few lines about themselves and, if they like, a photo.

``/profile`` shows it with buttons to write it, add or remove the photo and see
what a child sees. What the IRO is asked for next ("write", "photo") is kept on
their row (``Person.awaiting_input``), never in memory.

Each child gets the profile once per review, with their first consultation:

* with "My Review is open" (the reminders' ``child_open`` notification): the text is
  added to that message and the photo follows it (``attach_to_open``, called by
  ``bot.reminders.render``); or
* when the child first starts My Review, if it has not reached them yet
  (``around_first_start``, called by ``bot.chat``).

A ``ProfileDelivery`` row per review says it went (and with which notification),
so it is never shown twice for one meeting. The profile is the IRO's own words,
written to be shown to children, so it is plain text, not sealed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.calendar.reviews import open_review_for
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.people.turns import StaffTurn, Turn
from bot.platform.buttons import ProfileTap
from bot.platform.replies import Button, Reply
from bot.reminders.message import Message
from messages import iro as words
from messages.clean import clean
from messages.questions import default_words
from messages.render import Renderer, quote
from models import IroProfile, Notification, Person, ProfileDelivery, Review
from models.reminders import SENDING, SENT

log = logging.getLogger(__name__)

AWAIT_TEXT = "profile:text"
AWAIT_PHOTO = "profile:photo"
MAX_ABOUT = 800
"""Short enough to sit under "My Review is open" in one message."""


def get_profile(session: Session, iro_id: int | None) -> IroProfile | None:
    if iro_id is None:
        return None
    profile = session.get(IroProfile, iro_id)
    if profile is None or (not profile.about and not profile.photo_file_id):
        return None
    return profile


# --- the IRO's side: /profile --------------------------------------------------------


def _buttons(render: Renderer, profile: IroProfile | None) -> list[list[Button]]:
    has_photo = profile is not None and profile.photo_file_id
    photo = words.PROFILE_CHANGE_PHOTO if has_photo else words.PROFILE_ADD_PHOTO
    buttons = [
        [Button(render.plain(words.PROFILE_WRITE), ProfileTap("write"))],
        [Button(render.plain(photo), ProfileTap("photo"))],
    ]
    if has_photo:
        buttons.append([Button(render.plain(words.PROFILE_REMOVE_PHOTO), ProfileTap("nophoto"))])
    if profile is not None and (profile.about or profile.photo_file_id):
        buttons.append([Button(render.plain(words.PROFILE_PREVIEW), ProfileTap("preview"))])
    return buttons


def show(turn: StaffTurn) -> list[Reply]:
    """``/profile``: the IRO's profile as it is, and what they can do with it."""
    session, person, chat_id, render = turn.session, turn.person, turn.chat_id, turn.render
    if person.role != "iro":
        return [Reply(chat_id, render(words.PROFILE_ONLY_IRO))]
    profile = session.get(IroProfile, person.id)
    lines = [render(words.PROFILE_INTRO)]
    lines.append(quote(profile.about) if profile and profile.about else render(words.PROFILE_EMPTY))
    has_photo = profile is not None and profile.photo_file_id
    lines.append(render(words.PROFILE_HAS_PHOTO if has_photo else words.PROFILE_NO_PHOTO))
    return [Reply(chat_id, "\n\n".join(lines), _buttons(render, profile))]


def _cancel(render: Renderer) -> list[list[Button]]:
    return [[Button(render.plain(words.PROFILE_CANCEL), ProfileTap("cancel"))]]


def _save(session: Session, now: datetime, person: Person, **values: object) -> IroProfile:
    profile = session.get(IroProfile, person.id)
    if profile is None:
        profile = IroProfile(person_id=person.id, updated_at=now)  # type: ignore[arg-type]
    for key, value in values.items():
        setattr(profile, key, value)
    profile.updated_at = now
    session.add(profile)
    return profile


def on_button(turn: StaffTurn, tap: ProfileTap) -> list[Reply]:
    """A tap on a ``/profile`` button: only an IRO, on their own profile."""
    session, now, person, chat_id, render = (
        turn.session,
        turn.now,
        turn.person,
        turn.chat_id,
        turn.render,
    )
    message_id = turn.message_id
    if person.role != "iro":
        return [Reply(chat_id, render(words.PROFILE_ONLY_IRO))]
    action = tap.action
    strip = [Reply(chat_id, edit_message_id=message_id)] if message_id else []
    if action == "write":
        person.awaiting_input = AWAIT_TEXT
        session.add(person)
        ask = render(words.PROFILE_ASK_TEXT, limit=MAX_ABOUT)
        return [*strip, Reply(chat_id, ask, _cancel(render))]
    if action == "photo":
        person.awaiting_input = AWAIT_PHOTO
        session.add(person)
        return [*strip, Reply(chat_id, render(words.PROFILE_ASK_PHOTO), _cancel(render))]
    if action == "cancel":
        if person.awaiting_input in (AWAIT_TEXT, AWAIT_PHOTO):
            person.awaiting_input = None
            session.add(person)
        return [*strip, Reply(chat_id, render(words.PROFILE_CANCELLED))]
    if action == "nophoto":
        _save(session, now, person, photo_file_id=None)
        log.info("IRO %s removed their profile photo", person.id)
        return [
            *strip,
            Reply(chat_id, render(words.PROFILE_PHOTO_REMOVED)),
            *show(turn),
        ]
    if action == "preview":
        return preview(turn)
    return [Reply(chat_id, toast=render.plain(words.PROFILE_CANCELLED))]


def on_text(turn: StaffTurn, message: str) -> list[Reply]:
    """The IRO's few lines about themselves (the bot asked for them)."""
    session, now, person, chat_id, render = (
        turn.session,
        turn.now,
        turn.person,
        turn.chat_id,
        turn.render,
    )
    if person.awaiting_input == AWAIT_PHOTO:
        return [Reply(chat_id, render(words.PROFILE_PHOTO_ONLY), _cancel(render))]
    about = clean(message).strip()
    if not about:
        return [Reply(chat_id, render(words.PROFILE_TEXT_ONLY), _cancel(render))]
    if len(about) > MAX_ABOUT:
        return [Reply(chat_id, render(words.PROFILE_TOO_LONG, limit=MAX_ABOUT), _cancel(render))]
    person.awaiting_input = None
    session.add(person)
    _save(session, now, person, about=about)
    log.info("IRO %s wrote their profile", person.id)
    return [Reply(chat_id, render(words.PROFILE_SAVED)), *preview(turn)]


def on_photo(turn: StaffTurn, file_id: str) -> list[Reply]:
    """The IRO's photo of themselves (the bot asked for it)."""
    session, now, person, chat_id, render = (
        turn.session,
        turn.now,
        turn.person,
        turn.chat_id,
        turn.render,
    )
    if person.awaiting_input != AWAIT_PHOTO:
        return [Reply(chat_id, render(words.PROFILE_TEXT_ONLY), _cancel(render))]
    person.awaiting_input = None
    session.add(person)
    _save(session, now, person, photo_file_id=file_id)
    log.info("IRO %s added a profile photo", person.id)
    return [Reply(chat_id, render(words.PROFILE_PHOTO_SAVED)), *show(turn)]


def preview(turn: StaffTurn) -> list[Reply]:
    """What a child sees, with the default words (a child's own words change "{meeting}")."""
    person, chat_id = turn.person, turn.chat_id
    profile = get_profile(turn.session, person.id)
    if profile is None:
        return [Reply(chat_id, turn.render(words.PROFILE_NOTHING_TO_SEE))]
    render = Renderer(person.locale, {**default_words(), "iro": first_name(person)}, turn.zone)
    return _child_replies(render, profile, chat_id)


# --- the child's side --------------------------------------------------------------------


def _child_replies(render: Renderer, profile: IroProfile, chat_id: int) -> list[Reply]:
    replies = []
    if profile.about:
        replies.append(
            Reply(chat_id, render(words.CHILD_PROFILE_HEADER) + "\n" + quote(profile.about))
        )
    if profile.photo_file_id:
        caption = render(words.CHILD_PROFILE_PHOTO_CAPTION)
        replies.append(Reply(chat_id, caption, photo=profile.photo_file_id))
    return replies


def _child_render(render: Renderer, iro: Person | None) -> Renderer:
    """The child's renderer, naming the IRO who chairs this review."""
    if iro is None:
        return render
    return Renderer(render.locale, {**render.words, "iro": first_name(iro)}, render.zone)


def delivered(session: Session, review_id: int) -> bool:
    """Whether the profile reached the child for this review already."""
    row = session.exec(
        select(ProfileDelivery).where(ProfileDelivery.review_id == review_id)
    ).first()
    if row is None:
        return False
    if row.notification_id is None:
        return True
    notification = session.get(Notification, row.notification_id)
    # Sent, or being sent now (its outcome unknown): never show it twice.
    return notification is not None and notification.status in (SENT, SENDING)


def _mark(
    session: Session, now: datetime, review: Review, child: Person, notification_id: int | None
) -> None:
    row = session.exec(
        select(ProfileDelivery).where(ProfileDelivery.review_id == review.id)
    ).first()
    if row is None:
        row = ProfileDelivery(
            review_id=review.id,  # type: ignore[arg-type]
            child_id=child.id,  # type: ignore[arg-type]
            delivered_at=now,
        )
    row.notification_id = notification_id
    row.delivered_at = now
    session.add(row)


def attach_to_open(
    session: Session,
    row: Notification,
    message: Message,
    review: Review,
    child: Person,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    """Add the IRO's profile to the child's "My Review is open" message, unless it
    already reached them for this review."""
    profile = get_profile(session, review.iro_id)
    if profile is None:
        return
    existing = session.exec(
        select(ProfileDelivery).where(ProfileDelivery.review_id == review.id)
    ).first()
    if (
        existing is not None
        and existing.notification_id != row.id
        and delivered(session, review.id or 0)
    ):
        return
    iro = session.get(Person, review.iro_id)
    render = _child_render(Renderer(child.locale, words_for(session, child), zone), iro)
    if profile.about:
        header = render(words.CHILD_PROFILE_HEADER)
        message.bodies[-1] += "\n\n" + header + "\n" + quote(profile.about)
    if profile.photo_file_id:
        message.photo = profile.photo_file_id
        message.photo_caption = render(words.CHILD_PROFILE_PHOTO_CAPTION)
    _mark(session, now, review, child, row.id)


def around_first_start(turn: Turn, step: Callable[[], list[Reply]]) -> list[Reply]:
    """Run ``step`` (a tap or ``/myreview``); if it started the child's My Review for
    the first time, put the IRO's profile first, unless it reached them already."""
    found = open_review_for(turn.session, turn.child, turn.now)
    before = found[1].status if found else None
    replies = step()
    if found is None or before != "not_started":
        return replies
    review, consultation = found  # the same object ``step`` changed (one session)
    if consultation.status != "in_progress" or delivered(turn.session, review.id or 0):
        return replies
    profile = get_profile(turn.session, review.iro_id)
    if profile is None:
        return replies
    iro = turn.session.get(Person, review.iro_id)
    shown = _child_replies(_child_render(turn.render, iro), profile, turn.chat_id)
    _mark(turn.session, turn.now, review, turn.child, None)
    log.info("review %s: IRO profile shown as the child started My Review", review.id)
    return shown + replies


__all__ = [
    "AWAIT_PHOTO",
    "AWAIT_TEXT",
    "around_first_start",
    "attach_to_open",
    "delivered",
    "get_profile",
    "on_button",
    "on_photo",
    "on_text",
    "preview",
    "show",
]
