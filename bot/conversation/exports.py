"""The Export button, in two steps, so the channel can fetch photos in between.

1. :func:`prepare` checks the tap (who may export, which review) and lists the
   photos the document will embed; nothing is read or audited yet.
2. The channel downloads them (Telegram: ``get_file``), then :func:`finish`
   checks again, makes the document as ``myreview export`` would, and audits it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.consultation.view import build_view
from bot.conversation.speaker import stranger
from bot.people.records import by_telegram_id
from bot.platform import buttons
from bot.platform.access import may_read
from bot.platform.errors import AccessDenied
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.workspace import reading
from bot.workspace.export import export_review, photo_file_ids
from messages import iro as iro_text
from messages.render import Renderer
from models import Person, Review

log = logging.getLogger(__name__)


@dataclass
class ExportPlan:
    """What the channel needs before it exports: photos to download, or a refusal."""

    review_id: int = 0
    fmt: str = "pdf"
    file_ids: list[str] = field(default_factory=list)
    refusal: list[Reply] = field(default_factory=list)


def is_export(data: object) -> bool:
    """Whether a button's data is meant for Export (the channel handles those itself).

    By its prefix alone: data under ``exp:`` that does not parse is refused by
    :func:`prepare` with the Export's own words ("you can't export that")."""
    return isinstance(data, str) and data.startswith(buttons.ExportTap.KEY[0] + ":")


def _may_export(session: Session, person: Person, review: Review | None) -> bool:
    child = session.get(Person, review.child_id) if review else None
    return person.role in reading.EXPORTERS and may_read(person, child)


def prepare(rt: Runtime, user_id: int, data: object) -> ExportPlan:
    """Check the tap and list the photos to download (nothing is read or audited yet)."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return ExportPlan(refusal=stranger(user_id))
        render = Renderer(person.locale, zone=rt.settings.zone)
        tap = buttons.parse(data)
        review = session.get(Review, tap.review) if isinstance(tap, buttons.ExportTap) else None
        if not isinstance(tap, buttons.ExportTap) or not _may_export(session, person, review):
            return ExportPlan(refusal=[Reply(user_id, render(iro_text.EXPORT_NOT_ALLOWED))])
        assert review is not None
        file_ids = photo_file_ids(build_view(session, review)) if tap.format != "md" else []
        return ExportPlan(tap.review, tap.format, file_ids)


def finish(rt: Runtime, user_id: int, plan: ExportPlan, photos: dict[str, bytes]) -> list[Reply]:
    """The document itself, as ``myreview export`` makes it; checked and audited again."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return stranger(user_id)
        render = Renderer(person.locale, zone=rt.settings.zone)
        review = session.get(Review, plan.review_id)
        if not _may_export(session, person, review):
            return [Reply(user_id, render(iro_text.EXPORT_NOT_ALLOWED))]
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
            return [Reply(user_id, render(iro_text.EXPORT_NOT_ALLOWED))]
        child = session.get(Person, review.child_id)
        name = child.name if child else ""
        log.info(
            "review %s exported as %s in Telegram by person %s", review.id, plan.fmt, person.id
        )
        caption = render(iro_text.EXPORT_CAPTION, child=name)
        return [Reply(user_id, caption, document=(document.filename, document.content))]
