"""The IRO's workspace, as ``bot.chat`` and ``handlers.iro`` call it.

One function per kind of update, each one database transaction (like
``bot.chat``): ``/profile``, ``/held``, ``/stats``, the workspace's buttons and
the words or photo the bot asked a person for. The modules doing the work:

* ``bot.dashboard``: ``/reviews`` for an IRO;
* ``bot.profile``: the IRO's profile, and giving it to the child;
* ``bot.readmarks``: what changed since the last read, and the "read" mark;
* ``bot.held``: recording the meeting; ``bot.feedback``: the day after;
* ``bot.summaries``: writing to the child, and the child's reply;
* ``bot.stats``: the figures; ``bot.export``: the document for the case record.

Callback data prefixes: ``held:``, ``sum:``, ``prof:``, ``fb:``, ``reply:`` (here)
and ``exp:`` (``handlers.iro.export``, which downloads photos first).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.consultation.view import build_view
from bot.people.records import by_telegram_id
from bot.platform.access import may_read
from bot.platform.errors import AccessDenied
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.workspace import feedback, held, profile, stats, summaries
from bot.workspace import reading as readmarks
from bot.workspace.export import FORMATS, export_review, photo_file_ids
from messages import iro as words
from messages import text
from messages.render import Renderer
from models import Person, Review

log = logging.getLogger(__name__)

PREFIXES = (held.PREFIX, summaries.PREFIX, profile.PREFIX, feedback.PREFIX, summaries.REPLY_PREFIX)
EXPORT_PREFIX = "exp:"
HELP = {"iro": words.HELP_IRO, "manager": words.HELP_MANAGER}
"""What ``/help`` adds for these roles."""


def _stranger(chat_id: int) -> list[Reply]:
    return [Reply(chat_id, Renderer("en")(text.HELLO_STRANGER))]


# --- commands ------------------------------------------------------------------------


def profile_command(rt: Runtime, user_id: int) -> list[Reply]:
    """``/profile``."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        return profile.show(session, person, rt.settings.zone)


def held_command(rt: Runtime, user_id: int) -> list[Reply]:
    """``/held``."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        return held.start(session, rt.clock.now(), person, rt.settings.zone)


def stats_command(rt: Runtime, user_id: int) -> list[Reply]:
    """``/stats``: the figures for the current financial year (managers)."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        render = Renderer(person.locale, zone=rt.settings.zone)
        if person.role != "manager":
            return [Reply(user_id, render(words.STATS_ONLY_MANAGERS))]
        now, zone = rt.clock.now(), rt.settings.zone
        start, end = stats.current_year(now, zone)
        figures = stats.compute(session, start, end, now, zone)
        return [Reply(user_id, body) for body in stats.telegram_text(figures, render)]


# --- what the bot asked for ---------------------------------------------------------------


def on_button(
    session: Session,
    now: datetime,
    person: Person,
    data: str,
    message_id: int | None,
    zone: ZoneInfo,
) -> list[Reply]:
    """A tap on one of the workspace's buttons (the data is never trusted)."""
    if data.startswith(held.PREFIX):
        return held.on_button(session, now, person, data, message_id, zone)
    if data.startswith(summaries.PREFIX):
        return summaries.on_button(session, now, person, data, message_id, zone)
    if data.startswith(profile.PREFIX):
        return profile.on_button(session, now, person, data, message_id, zone)
    if data.startswith(feedback.PREFIX):
        return feedback.on_button(session, now, person, data, message_id, zone)
    return summaries.on_child_button(session, person, data, zone)


def on_text(
    session: Session, now: datetime, person: Person, message: str, zone: ZoneInfo
) -> list[Reply] | None:
    """Words the bot asked for (a profile, a summary, a child's reply); None otherwise."""
    awaiting = person.awaiting_input or ""
    if awaiting in (profile.AWAIT_TEXT, profile.AWAIT_PHOTO):
        return profile.on_text(session, now, person, message, zone)
    if awaiting.startswith(summaries.AWAIT_SUMMARY):
        return summaries.on_text(session, now, person, message, zone)
    if awaiting.startswith(summaries.AWAIT_REPLY):
        return summaries.on_child_text(session, now, person, message, zone)
    return None


def on_photo(
    session: Session, now: datetime, person: Person, file_id: str, zone: ZoneInfo
) -> list[Reply] | None:
    """A photo the bot asked for (the IRO's own, for their profile); None otherwise."""
    if person.awaiting_input in (profile.AWAIT_TEXT, profile.AWAIT_PHOTO):
        return profile.on_photo(session, now, person, file_id, zone)
    return None


# --- the Export button -------------------------------------------------------------------


@dataclass
class ExportPlan:
    """What the handler needs before it exports: photos to download, or a refusal."""

    review_id: int = 0
    fmt: str = "pdf"
    file_ids: list[str] = field(default_factory=list)
    refusal: list[Reply] = field(default_factory=list)


def _parse_export(data: str) -> tuple[str, int] | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] + ":" != EXPORT_PREFIX or parts[1] not in FORMATS:
        return None
    if not parts[2].isdigit():
        return None
    return parts[1], int(parts[2])


def _may_export(session: Session, person: Person, review: Review | None) -> bool:
    child = session.get(Person, review.child_id) if review else None
    return person.role in readmarks.EXPORTERS and may_read(person, child)


def export_prepare(rt: Runtime, user_id: int, data: str) -> ExportPlan:
    """Check the tap and list the photos to download (nothing is read or audited yet)."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return ExportPlan(refusal=_stranger(user_id))
        render = Renderer(person.locale, zone=rt.settings.zone)
        parsed = _parse_export(data)
        review = session.get(Review, parsed[1]) if parsed else None
        if parsed is None or review is None or not _may_export(session, person, review):
            return ExportPlan(refusal=[Reply(user_id, render(words.EXPORT_NOT_ALLOWED))])
        fmt, review_id = parsed
        file_ids = photo_file_ids(build_view(session, review)) if fmt != "md" else []
        return ExportPlan(review_id, fmt, file_ids)


def export_document(
    rt: Runtime, user_id: int, plan: ExportPlan, photos: dict[str, bytes]
) -> list[Reply]:
    """The document itself, as ``myreview export`` makes it; checked and audited again."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return _stranger(user_id)
        render = Renderer(person.locale, zone=rt.settings.zone)
        review = session.get(Review, plan.review_id)
        if not _may_export(session, person, review):
            return [Reply(user_id, render(words.EXPORT_NOT_ALLOWED))]
        assert review is not None
        try:
            document = export_review(
                session,
                rt.clock.now(),
                plan.review_id,
                plan.fmt,
                actor=person,
                file_bytes=photos.get,
                zone=rt.settings.zone,
            )
        except AccessDenied:
            return [Reply(user_id, render(words.EXPORT_NOT_ALLOWED))]
        child = session.get(Person, review.child_id)
        name = child.name if child else ""
        log.info(
            "review %s exported as %s in Telegram by person %s", review.id, plan.fmt, person.id
        )
        caption = render(words.EXPORT_CAPTION, child=name)
        return [Reply(user_id, caption, document=(document.filename, document.content))]
