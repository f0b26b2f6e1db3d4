"""One child's My Review as a document for their case record: PDF, DOCX or Markdown.

The document is built from ``reading.build_view``, so it shows what the IRO
reads in Telegram: the child's name and the meeting date, when it was sent and
who helped, the participation code once the meeting is recorded as held, then
the answers by section, each question in the child's own Language that Cares
words and each answer in the child's words exactly as written, their feelings
(emoji and word), and a list of photos and voice notes. Every export passes
``access.require_read`` (a person) or is recorded as the operator (the CLI), and
is written to the audit log as "export".

Formats:

- Markdown: plain UTF-8, deterministic. The child's words are in block quotes,
  not escaped, so the file holds them byte for byte. Photos are listed, never
  embedded.
- DOCX (python-docx): Arabic-script runs are marked right-to-left with a
  complex-script font, and a paragraph that starts in Arabic script is a
  right-to-left paragraph. Word files do not carry fonts: the viewer's own are
  used (Windows has Arial for Arabic script and Ebrima for Ethiopic; LibreOffice
  falls back to any installed font that has the letters).
- PDF (fpdf2): the fonts are embedded, from ``messages/fonts`` (Noto Sans, Noto
  Sans Arabic, Noto Sans Ethiopic; SIL Open Font License), with text shaping by
  HarfBuzz, so Arabic script is joined and runs right to left, and Ethiopic
  (Tigrinya, Amharic) shows. Latin, Greek, Cyrillic and Vietnamese are in Noto
  Sans.

Limits, said plainly:

- Emoji are in the PDF in black and white (Noto Emoji, embedded: fpdf2 cannot
  embed colour emoji), so "football ⚽" is quoted exactly. A character no
  embedded font has (a skin-tone modifier, a rare symbol) is left out cleanly,
  never drawn as a box; the PDF then says so at the end. Markdown and DOCX keep
  everything.
- Scripts other than Latin, Greek, Cyrillic, Arabic and Ethiopic (for example
  Chinese, Hebrew or Devanagari) are also left out of the PDF; use the DOCX.
- Photos are embedded in PDF and DOCX only when ``file_bytes(file_id)`` can fetch
  them (the Telegram handler passes a downloader). Otherwise, and always in
  Markdown, they are listed with a note that they are kept in Telegram. Photos
  are re-encoded as JPEG, which drops their metadata (such as where they were
  taken). Voice notes are listed, never embedded.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, format_time
from sqlmodel import Session, col, select

import messages
from bot.calendar.reviews import get_review
from bot.consultation.answers import describe
from bot.consultation.view import (
    AnswerView,
    ConsultationView,
    build_view,
    channel_line,
    language_line,
)
from bot.people.own_words import words_for
from bot.people.records import first_name
from bot.platform import audit
from bot.platform.access import require_read
from bot.platform.errors import UserError
from bot.safeguarding.written_in import english_name
from bot.workspace.feedback import results_for_review
from messages import export as words_of
from messages import languages, text
from messages.clean import clean, clean_shown
from messages.export import FORMATS
from messages.questions import Question
from messages.render import LONDON, Renderer, isolate, to_plain
from models import Answer, Person, Review, Summary, SummaryReply

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}
FONTS_DIR = Path(messages.__file__).resolve().parent / "fonts"
#: PDF font families, the first for Latin text, the others as fallbacks.
PDF_FONTS = (
    ("noto", "NotoSans"),
    ("notoarabic", "NotoSansArabic"),
    ("notoethiopic", "NotoSansEthiopic"),
    # Monochrome, so a PDF keeps a child's ⚽ (fpdf2 cannot embed colour emoji). It has
    # no bold: a bold emoji is the regular one.
    ("notoemoji", "NotoEmoji"),
)
#: Fonts named in the DOCX for Arabic-script and Ethiopic runs (the viewer's own).
DOCX_COMPLEX_FONT = "Arial"
DOCX_ETHIOPIC_FONT = "Ebrima"
#: A photo is scaled down to at most this many pixels on its longer side.
PHOTO_MAX_PIXELS = 1600

FileBytes = Callable[[str], bytes | None]


@dataclass(frozen=True)
class ExportedDocument:
    """A finished export: what to call it, its bytes and their media type."""

    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class Photo:
    """A photo ready to embed: JPEG bytes and its size in pixels."""

    jpeg: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Block:
    """One piece of the document body.

    ``kind`` is "heading", "question", "words" (the child's own words), "value"
    (a choice or a feeling), "note", "photo" or "item" (an attachment).
    """

    kind: str
    text: str = ""
    photo: Photo | None = None


@dataclass
class Document:
    """The export before it is written in any format: plain text, translated."""

    locale: str
    confidential: str
    title: str
    details: list[str]
    body: list[Block] = field(default_factory=list)
    metadata_title: str = ""
    page_template: str = ""
    pdf_left_out: str = ""
    created: datetime | None = None


# --- the one entry point ---------------------------------------------------------


def export_review(
    session: Session,
    now: datetime,
    review_id: int,
    fmt: str,
    *,
    actor: Person | None = None,
    actor_label: str = "operator (cli)",
    file_bytes: FileBytes | None = None,
    zone: ZoneInfo = LONDON,
    record: bool = True,
) -> ExportedDocument:
    """Export one review's My Review as "pdf", "docx" or "md".

    With ``actor`` (someone in Telegram), ``access.require_read`` decides and
    raises ``AccessDenied``; without one (the CLI), the export is recorded under
    ``actor_label`` and an unknown review is a ``UserError``. Either way one audit
    row with the action "export" is added in the caller's transaction.
    """
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if actor is not None:
        found = session.get(Review, review_id)
        child = session.get(Person, found.child_id) if found else None
        require_read(session, now, actor, child, "export", review_id)
        assert found is not None and child is not None
        review, locale = found, actor.locale
    else:
        review = get_review(session, review_id)
        child = session.get(Person, review.child_id)
        if child is None:
            raise UserError(f"review {review_id} has no child on record")
        if record:
            audit.record(
                session,
                now,
                "export",
                actor_label=actor_label,
                child_id=child.id,
                review_id=review.id,
            )
        locale = "en"
    view = build_view(session, review)
    render = Renderer(locale, words_for(session, child, locale), zone)
    child_render = Renderer(child.locale, words_for(session, child), zone)
    fetch = file_bytes if fmt in ("pdf", "docx") else None
    document = build_document(view, render, now, fetch, child_render)
    after = after_the_meeting(session, render, review, child)
    if after:
        # Before the list of attachments, which stays last.
        at = next(
            i for i, b in enumerate(document.body) if b.text == render.plain(words_of.ATTACHMENTS)
        )
        document.body[at:at] = after
    document = shown_safely(document)
    writers: dict[str, Callable[[Document], bytes]] = {
        "md": write_markdown,
        "docx": write_docx,
        "pdf": write_pdf,
    }
    content = writers[fmt](document)
    log.info("review %s exported as %s (%d bytes)", review.id, fmt, len(content))
    day = review.scheduled_at.astimezone(zone).date().isoformat()
    return ExportedDocument(f"my-review-{review.id}-{day}.{fmt}", content, MEDIA_TYPES[fmt])


# --- what the document says ------------------------------------------------------


def long_when(render: Renderer, moment: datetime) -> str:
    """A date with its year, for a record kept for years: "Tuesday, 8 December 2026, 10:00"."""
    local = moment.astimezone(render.zone)
    day = format_skeleton("yMMMMEEEEd", local, locale=render.babel)
    clock = format_time(local, "short", locale=render.babel)
    return render.translate(text.DATE_AND_TIME).format(date=day, time=clock)


def _state(render: Renderer, view: ConsultationView) -> str:
    status = view.consultation.status
    if status == "not_applicable":
        return render.plain(text.STATE_NOT_APPLICABLE)
    if status == "in_progress":
        return render.plain(text.STATE_IN_PROGRESS)
    return render.plain(text.STATE_NOT_STARTED)


def _details(render: Renderer, view: ConsultationView, now: datetime) -> list[str]:
    consultation = view.consultation
    lines = [render.plain(words_of.MEETING, date=long_when(render, view.review.scheduled_at))]
    if consultation.status == "sent" and consultation.sent_at:
        lines.append(render.plain(words_of.SENT, date=long_when(render, consultation.sent_at)))
    else:
        lines.append(render.plain(words_of.NOT_SENT, state=_state(render, view)))
    for helper in view.helpers:
        role = render.translate(text.ROLE_WORDS.get(helper.role, text.ROLE_CHILD))
        lines.append(render.plain(words_of.HELPED, helper=helper.name, role=role))
    if not view.helpers and (view.sections or view.extras):
        lines.append(render.plain(words_of.NOT_HELPED, child=view.child.name))
    if view.child.locale != render.locale:
        lines.append(to_plain(language_line(render, view.child)))
    if channel_line(render, view):
        lines.append(to_plain(channel_line(render, view)))
    # The participation code comes with the meeting's "held" details, when recorded.
    code = getattr(view.review, "participation_code", None)
    code = getattr(code, "value", code)  # a plain string, or an enum of the codes
    if code:
        meaning = words_of.PARTICIPATION_CODES.get(str(code))
        if meaning:
            lines.append(
                render.plain(words_of.PARTICIPATION, code=code, meaning=render.translate(meaning))
            )
        else:
            lines.append(render.plain(words_of.PARTICIPATION_CODE, code=code))
    if view.words:
        chosen = "; ".join(
            phrase(
                render,
                words_of.CHILD_WORD,
                label=render.translate(text.WORD_LABELS.get(key, key)),
                value=value,
            )
            for key, value in view.words.items()
        )
        lines.append(render.plain(words_of.CHILD_WORDS, child=first_name(view.child), words=chosen))
    lines.append(render.plain(words_of.EXPORTED, date=long_when(render, now)))
    return lines


def phrase(render: Renderer, msgid: str, /, **params: object) -> str:
    """Part of a sentence: like ``render.plain`` but not capitalised."""
    values = {key: isolate(clean(str(value))) for key, value in params.items()}
    return render.translate(msgid).format_map(values)


def _photo(data: bytes) -> Photo | None:
    """The photo as a plain JPEG (upright, metadata dropped), or None if it isn't one."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
        image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return Photo(out.getvalue(), image.width, image.height)


def _fetch(fetch: FileBytes | None, answer: Answer) -> tuple[bool, Photo | None]:
    """(whether a fetch was tried, the photo if it worked)."""
    if fetch is None or not answer.file_id:
        return False, None
    try:
        data = fetch(answer.file_id)
    except Exception:  # a failed download must not stop the export
        log.warning("photo for answer %s could not be fetched", answer.id, exc_info=True)
        data = None
    return True, (_photo(data) if data else None)


def _language(render: Renderer, answer: Answer, child: Person) -> list[Block]:
    """Before words not in English: their language, or that they were not safety-checked."""
    if answer.written_in is None or (answer.written_in == "en" and not answer.unchecked):
        return []
    language = english_name(answer.written_in)
    if answer.unchecked:
        return [Block("note", render.plain(words_of.UNCHECKED, language=language))]
    return [
        Block("note", render.plain(words_of.WRITTEN_IN, language=language, child=first_name(child)))
    ]


def _asked_child(
    render: Renderer, child_render: Renderer | None, question: Question, band: str, child: Person
) -> list[Block]:
    """The question as the child read it, when they read another language."""
    if child_render is None or child_render.locale == render.locale:
        return []
    asked = child_render.plain(question.text_for(band))
    language = languages.english_name(child_render.locale)
    return [
        Block(
            "note",
            phrase(
                render,
                words_of.ASKED_CHILD,
                child=first_name(child),
                language=language,
                question=asked,
            ),
        )
    ]


def _answer(
    render: Renderer,
    item: AnswerView,
    about: str,
    fetch: FileBytes | None,
    child: Person,
) -> tuple[list[Block], str | None]:
    """The blocks for one answer, and its line in the attachments list (if it has one)."""
    answer, question = item.answer, item.question
    if answer.kind == "skip":
        return [Block("value", render.plain(words_of.SKIPPED))], None
    if answer.kind == "scale" and answer.scale in (1, 2, 3, 4, 5):
        n = answer.scale
        word = render.translate(text.SCALE_WORDS[n - 1])
        feeling = render.plain(words_of.FEELING, word=word, number=n)
        return [Block("value", f"{text.SCALE_EMOJI[n - 1]} {feeling}")], None
    said = (
        [*_language(render, answer, child), Block("words", clean(answer.text))]
        if answer.text
        else []
    )
    if answer.kind == "text":
        return said, None
    if answer.kind == "photo":
        tried, photo = _fetch(fetch, answer)
        if photo is not None:
            shown = render.plain(words_of.ATTACHMENT_PHOTO_SHOWN, about=about)
            return [Block("photo", render.plain(words_of.PHOTO_SHOWN), photo), *said], shown
        note = words_of.PHOTO_UNREADABLE if tried else words_of.PHOTO_IN_TELEGRAM
        listed = render.plain(words_of.ATTACHMENT_PHOTO_TELEGRAM, about=about)
        return [Block("note", render.plain(note)), *said], listed
    if answer.kind == "voice":
        listed = render.plain(words_of.ATTACHMENT_VOICE, about=about)
        return [Block("note", render.plain(words_of.VOICE_IN_TELEGRAM)), *said], listed
    described = to_plain(describe(render, question, answer))
    return ([Block("value", described)] if described.strip() else []), None


def build_document(
    view: ConsultationView,
    render: Renderer,
    now: datetime,
    fetch: FileBytes | None = None,
    child_render: Renderer | None = None,
) -> Document:
    """The export's content as plain text blocks, in the reader's language; with
    ``child_render``, each question also as the child read it (in their language)."""
    child = view.child
    band = view.consultation.band
    document = Document(
        locale=render.locale,
        confidential=render.plain(words_of.CONFIDENTIAL, child=child.name),
        title=render.plain(words_of.TITLE, child=child.name),
        details=_details(render, view, now),
        metadata_title=render.plain(words_of.DOCUMENT_TITLE),
        page_template=render.translate(words_of.PAGE),
        pdf_left_out=render.plain(words_of.PDF_LEFT_OUT),
        created=now,
    )
    body = document.body
    attachments: list[str] = []
    if not view.sections and not view.extras:
        body.append(Block("value", render.plain(words_of.NO_ANSWERS)))
    skipped: list[str] = []
    for section in view.sections:
        answered = [item for item in section.answers if item.answer.kind != "skip"]
        # Skipped questions are listed once, at the end: the record is not padded.
        skipped += [
            render.plain(item.question.text_for(band))
            for item in section.answers
            if item.answer.kind == "skip" and item.question
        ]
        if not answered:
            continue
        body.append(Block("heading", f"{section.emoji} {render.plain(section.title)}"))
        for item in answered:
            asked = render.plain(item.question.text_for(band)) if item.question else ""
            body.append(Block("question", asked))
            if item.question:
                body += _asked_child(render, child_render, item.question, band, child)
            about = phrase(render, words_of.ABOUT_QUESTION, question=asked)
            blocks, listed = _answer(render, item, about, fetch, child)
            body += blocks
            attachments += [listed] if listed else []
    if view.extras:
        sent_at = view.consultation.sent_at
        body.append(
            Block("heading", render.plain(words_of.MORE_FROM_CHILD, child=first_name(child)))
        )
        about = phrase(render, words_of.ABOUT_EXTRA, child=first_name(child))
        for extra in view.extras:
            if sent_at and extra.created_at > sent_at:
                when = long_when(render, extra.created_at)
                body.append(Block("note", render.plain(words_of.ADDED_AFTER, date=when)))
            blocks, listed = _answer(render, AnswerView(None, extra), about, fetch, child)
            body += blocks
            attachments += [listed] if listed else []
    if skipped:
        body.append(Block("heading", render.plain(words_of.SKIPPED)))
        name = first_name(child)
        count = len(skipped)
        line = (
            render.plain(words_of.SKIPPED_ONE, child=name)
            if count == 1
            else render.plain(words_of.SKIPPED_MANY, child=name, count=count)
        )
        body.append(Block("value", line))
        body += [Block("item", asked) for asked in skipped]
    body.append(Block("heading", render.plain(words_of.ATTACHMENTS)))
    if not attachments:
        body.append(Block("value", render.plain(words_of.NO_ATTACHMENTS)))
    body += [Block("item", line) for line in attachments]
    return document


def after_the_meeting(
    session: Session, render: Renderer, review: Review, child: Person
) -> list[Block]:
    """What the record holds from after the meeting: what the IRO wrote to the child
    and the child's replies, exactly; and the feedback each person gave."""
    blocks: list[Block] = []
    name = first_name(child)
    summaries = session.exec(
        select(Summary)
        .where(Summary.review_id == review.id)
        .where(Summary.status == "sent")
        .order_by(col(Summary.sent_at))
    ).all()
    for summary in summaries:
        iro = session.get(Person, summary.iro_id)
        when = long_when(render, summary.sent_at or summary.created_at)
        who = iro.name if iro else ""
        blocks.append(
            Block(
                "question", render.plain(words_of.SUMMARY_TO_CHILD, child=name, iro=who, date=when)
            )
        )
        blocks.append(Block("words", summary.text))
        replies = session.exec(
            select(SummaryReply)
            .where(SummaryReply.summary_id == summary.id)
            .order_by(col(SummaryReply.created_at))
        ).all()
        for reply in replies:
            wrote = render.plain(
                words_of.CHILD_WROTE_BACK, child=name, date=long_when(render, reply.created_at)
            )
            blocks += [Block("question", wrote), Block("words", reply.text)]
    for person, when, answers in results_for_review(session, review.id or 0, render):
        role = render.translate(text.ROLE_WORDS.get(person.role, text.ROLE_CHILD))
        blocks.append(
            Block(
                "question",
                render.plain(
                    words_of.FEEDBACK_FROM,
                    name=person.name,
                    role=role,
                    date=long_when(render, when),
                ),
            )
        )
        blocks += [
            Block("item", render.plain(words_of.FEEDBACK_LINE, question=asked, answer=said))
            for asked, said in answers
        ]
    if blocks:
        blocks.insert(0, Block("heading", render.plain(words_of.AFTER_MEETING)))
    return blocks


def shown_safely(document: Document) -> Document:
    """Every line of the document without control characters or direction overrides,
    whatever put them there (the child's words are cleaned where they are quoted; this
    is the last look before a file is written). The renderer's own isolates stay."""
    return replace(
        document,
        confidential=clean_shown(document.confidential),
        title=clean_shown(document.title),
        details=[clean_shown(line) for line in document.details],
        body=[replace(block, text=clean_shown(block.text)) for block in document.body],
    )


def photo_file_ids(view: ConsultationView) -> list[str]:
    """The file ids of the photos an export would embed, for a caller that fetches first."""
    answers = [i.answer for s in view.sections for i in s.answers] + list(view.extras)
    return [a.file_id for a in answers if a.kind == "photo" and a.file_id]


def media_file_ids(session: Session, review_id: int) -> list[str]:
    """Every photo and voice note of a review's My Review: what a bundle carries."""
    view = build_view(session, get_review(session, review_id))
    answers = [i.answer for s in view.sections for i in s.answers] + list(view.extras)
    return [a.file_id for a in answers if a.kind in ("photo", "voice") and a.file_id]


def export_bundle(
    session: Session,
    now: datetime,
    review_id: int,
    *,
    file_bytes: FileBytes | None = None,
    zone: ZoneInfo = LONDON,
) -> ExportedDocument:
    """``myreview export --format zip``: the PDF, the DOCX, each photo and voice note
    as the child sent it, and ``manifest.json`` (every file, what it answers, its
    SHA-256), in one ZIP for the case record. Recorded once in the audit log."""
    import hashlib
    import json
    import zipfile

    review = get_review(session, review_id)
    child = session.get(Person, review.child_id)
    if child is None:
        raise UserError(f"review {review_id} has no child on record")
    audit.record(session, now, "export", actor_label="operator (cli)", child_id=child.id,
                 review_id=review.id, detail="zip")  # fmt: skip
    documents = [
        export_review(session, now, review_id, fmt, file_bytes=file_bytes, zone=zone, record=False)
        for fmt in ("pdf", "docx")
    ]
    view = build_view(session, review)
    render = Renderer("en", words_for(session, child, "en"), zone)
    band = view.consultation.band
    items = [(i.question, i.answer) for s in view.sections for i in s.answers]
    items += [(None, a) for a in view.extras]
    files: list[dict[str, object]] = []
    missing: list[dict[str, object]] = []
    buffer = io.BytesIO()
    # Fixed times and order: the same record gives the same bytes.
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:

        def put(name: str, content: bytes, **about: object) -> None:
            bundle.writestr(zipfile.ZipInfo(name, stamp), content)
            files.append({"name": name, "bytes": len(content),
                          "sha256": hashlib.sha256(content).hexdigest(), **about})  # fmt: skip

        for document in documents:
            put(document.filename, document.content, kind=document.filename.rsplit(".", 1)[1])
        number = 0
        for question, answer in items:
            if answer.kind not in ("photo", "voice") or not answer.file_id:
                continue
            number += 1
            asked = (
                render.plain(question.text_for(band))
                if question
                else render.plain(words_of.ABOUT_EXTRA, child=first_name(child))
            )
            content = file_bytes(answer.file_id) if file_bytes else None
            about = {
                "kind": answer.kind,
                "answers": asked,
                "sent_at": answer.created_at.isoformat(),
            }
            if content is None:
                missing.append({**about, "why": "not downloaded: it is kept in Telegram"})
                continue
            suffix = ".jpg" if answer.kind == "photo" else _audio_suffix(content)
            put(f"{answer.kind}s/{answer.kind}-{number}{suffix}", content, **about)
        manifest = {
            "review": review.id,
            "child": child.name,
            "meeting": review.scheduled_at.isoformat(),
            "exported_at": now.isoformat(),
            "files": files,
            "not_included": missing,
        }
        bundle.writestr(
            zipfile.ZipInfo("manifest.json", stamp),
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
        )
    day = review.scheduled_at.astimezone(zone).date().isoformat()
    log.info("review %s exported as a zip (%d files)", review.id, len(files))
    return ExportedDocument(
        f"my-review-{review.id}-{day}.zip", buffer.getvalue(), "application/zip"
    )


def _audio_suffix(content: bytes) -> str:
    """A voice note's container, from its first bytes: Telegram's OGG, or a browser's."""
    if content.startswith(b"OggS"):
        return ".ogg"
    if content.startswith(b"\x1aE\xdf\xa3"):
        return ".webm"
    if content[4:8] == b"ftyp":
        return ".m4a"
    return ".audio"


# --- direction and script ----------------------------------------------------------

_RTL = {"R", "AL"}


def starts_rtl(value: str) -> bool:
    """Whether the first letter with a direction is right-to-left (Arabic script, Hebrew)."""
    for ch in value:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return False


def _script(ch: str) -> str | None:
    """ "rtl", "ethiopic", "ltr", or None for a character that takes its neighbours' side."""
    kind = unicodedata.bidirectional(ch)
    if kind in _RTL or kind == "AN":
        return "rtl"
    code = ord(ch)
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "ethiopic"
    if kind == "L":
        return "ltr"
    return None


def script_runs(value: str) -> list[tuple[str, str]]:
    """Split text into (piece, script) runs; spaces and punctuation join the run before."""
    runs: list[list[str]] = []
    pending = ""
    for ch in value:
        kind = _script(ch)
        if kind is None:
            if runs:
                runs[-1][0] += ch
            else:
                pending += ch
            continue
        if runs and runs[-1][1] == kind:
            runs[-1][0] += ch
        else:
            runs.append([pending + ch, kind])
            pending = ""
    if pending:
        runs.append([pending, "ltr"])
    return [(piece, kind) for piece, kind in runs]


def _paragraphs(value: str) -> list[str]:
    return value.replace("\r\n", "\n").split("\n")


# --- Markdown ----------------------------------------------------------------------


def write_markdown(document: Document) -> bytes:
    """Plain Markdown; the child's words unescaped in block quotes."""
    out = [f"**{document.confidential}**", "", f"# {document.title}", ""]
    out += [f"- {line}" for line in document.details]
    out.append("")
    in_list = False
    for block in document.body:
        if in_list and block.kind != "item":
            out.append("")
        in_list = block.kind == "item"
        if block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "question":
            out += [f"**{block.text}**", ""]
        elif block.kind == "words":
            out += [f"> {line}" if line else ">" for line in _paragraphs(block.text)]
            out.append("")
        elif block.kind in ("note", "photo"):
            out += [f"_{block.text}_", ""]
        elif block.kind == "item":
            out.append(f"- {block.text}")
        else:
            out += [block.text, ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# --- DOCX --------------------------------------------------------------------------


def _docx_text(paragraph: Any, value: str, **style: Any) -> None:
    """Add text in runs by script: Arabic script right to left with a complex-script font."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if starts_rtl(value):
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert_element_before(
            OxmlElement("w:bidi"),
            *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing"),
            *("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection"),
            *("w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId"),
            *("w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
        )
    for piece, kind in script_runs(value):
        run = paragraph.add_run(piece)
        run.bold = style.get("bold")
        run.italic = style.get("italic")
        if style.get("size"):
            run.font.size = style["size"]
        if style.get("colour") is not None:
            run.font.color.rgb = style["colour"]
        if kind == "rtl":
            run.font.rtl = True
            run.font.cs_bold = style.get("bold")
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), DOCX_COMPLEX_FONT)
        elif kind == "ethiopic":
            run.font.name = DOCX_ETHIOPIC_FONT


def _docx_fields(paragraph: Any, template: str, fields: dict[str, str]) -> None:
    """Text with Word fields in it: "Page {page} of {pages}" with PAGE and NUMPAGES."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for part in re.split(r"(\{\w+\})", template):
        name = part[1:-1] if part.startswith("{") else None
        if name in fields:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), fields[name])
            run = OxmlElement("w:r")
            shown = OxmlElement("w:t")
            shown.text = "1"
            run.append(shown)
            simple.append(run)
            paragraph._p.append(simple)
        elif part:
            paragraph.add_run(part)


def write_docx(document: Document) -> bytes:
    """A Word document (A4), with photos inline and the confidential line on every page."""
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    grey = RGBColor(0x55, 0x55, 0x55)
    word = WordDocument()
    page = word.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(20)
    page.top_margin = page.bottom_margin = Mm(20)
    normal = word.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), DOCX_COMPLEX_FONT)

    header = page.header.paragraphs[0]
    _docx_text(header, document.confidential, bold=True, size=Pt(9), colour=grey)
    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_fields(footer, document.page_template, {"page": "PAGE", "pages": "NUMPAGES"})

    _docx_text(word.add_heading("", level=0), document.title)
    for line in document.details:
        _docx_text(word.add_paragraph(), line)
    for block in document.body:
        if block.kind == "heading":
            _docx_text(word.add_heading("", level=1), block.text)
        elif block.kind == "question":
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.keep_with_next = True
            _docx_text(paragraph, block.text, bold=True)
        elif block.kind == "words":
            for line in _paragraphs(block.text):
                paragraph = word.add_paragraph()
                paragraph.paragraph_format.left_indent = Mm(6)
                paragraph.paragraph_format.right_indent = Mm(6)
                _docx_text(paragraph, line)
        elif block.kind == "photo" and block.photo is not None:
            _docx_text(word.add_paragraph(), block.text, italic=True, colour=grey)
            width = min(110.0, block.photo.width * 25.4 / 72)
            word.add_picture(io.BytesIO(block.photo.jpeg), width=Mm(width))
        elif block.kind == "note":
            _docx_text(word.add_paragraph(), block.text, italic=True, colour=grey)
        elif block.kind == "item":
            _docx_text(word.add_paragraph(style="List Bullet"), block.text)
        else:
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(6)
            _docx_text(paragraph, block.text)

    properties = word.core_properties
    properties.title = document.metadata_title
    properties.author = properties.last_modified_by = "My Review"
    properties.comments = properties.keywords = properties.subject = ""
    properties.language = document.locale
    properties.revision = 1
    if document.created is not None:
        properties.created = properties.modified = document.created
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------

_DROPPED = "\x00"
_JOINERS = "\u200c\u200d"
_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))
"""LRI, RLI, FSI and PDI: for Telegram and Word; the PDF is laid out by fpdf2's bidi."""


@lru_cache(maxsize=1)
def _font_files() -> tuple[tuple[str, str, Path], ...]:
    found = []
    for family, stem in PDF_FONTS:
        for style, suffix in (("", "Regular"), ("B", "Bold")):
            path = FONTS_DIR / f"{stem}-{suffix}.ttf"
            if suffix == "Bold" and not path.is_file():
                path = FONTS_DIR / f"{stem}-Regular.ttf"
            if not path.is_file():
                raise UserError(f"the font {path.name} is missing from {FONTS_DIR}")
            found.append((family, style, path))
    return tuple(found)


@lru_cache(maxsize=1)
def _pdf_class() -> type:
    from fpdf import FPDF

    class ReviewPdf(FPDF):  # type: ignore[misc]
        """A4 pages with the confidential line on top and page numbers below."""

        def __init__(self, document: Document) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.document = document
            self.left_out = False
            for family, style, path in _font_files():
                self.add_font(family, style, str(path))
            self.set_fallback_fonts([family for family, _ in PDF_FONTS[1:]], exact_match=False)
            self.set_text_shaping(True)
            self.covered: set[int] = set()
            for family, _ in PDF_FONTS:
                self.covered |= set(self.fonts[family].cmap)
            self.set_margins(20, 16, 20)
            self.set_auto_page_break(True, margin=18)

        # fpdf2 forgets which font the page has after a run in a fallback font,
        # so every piece of text selects its font again.
        def use_font(self, style: str, size: float) -> None:
            self.set_font(PDF_FONTS[0][0], style, size)
            self.current_font_is_set_on_page = False

        def clean(self, value: str) -> str:
            """Leave out what no font can draw, tidying the spaces around it; and the
            direction isolates, which fpdf2's own bidi reads as a run of their own and
            loses the space beside (a title of "ليلى Amin" printed "ليلىAmin")."""
            value = value.translate(_ISOLATES)
            marked = "".join(
                ch if ch in "\n\t " or ord(ch) in self.covered else _DROPPED for ch in value
            )
            if _DROPPED not in marked:
                return value
            self.left_out = True
            marked = re.sub(f"(?<={_DROPPED})[{_JOINERS}]+(?={_DROPPED})", "", marked)
            marked = re.sub(f" {_DROPPED}+(?=[ !?.,;:)])", "", marked)
            marked = re.sub(f"^{_DROPPED}+ ?", "", marked, flags=re.M)
            marked = re.sub(f" ?{_DROPPED}+$", "", marked, flags=re.M)
            return marked.replace(_DROPPED, "")

        def header(self) -> None:
            self.use_font("B", 8)
            self.set_text_color(120, 0, 0)
            self.cell(0, 5, self.clean(self.document.confidential), align="L")
            self.ln(9)

        def footer(self) -> None:
            self.set_y(-13)
            self.use_font("", 8)
            self.set_text_color(110, 110, 110)
            label = self.document.page_template.format(page=self.page_no(), pages="{nb}")
            self.cell(0, 5, label, align="C")

        def paragraph(
            self,
            value: str,
            *,
            style: str = "",
            size: float = 10.5,
            indent: float = 0,
            colour: tuple[int, int, int] = (0, 0, 0),
            before: float = 0,
            bar: bool = False,
            keep: float = 0,
        ) -> None:
            """``keep``: the room (mm) to leave below, so a heading never ends a page."""
            value = self.clean(value)
            if not value.strip():
                return
            if before:
                self.ln(before)
            if keep and self.get_y() + keep > self.page_break_trigger:
                self.add_page()
            self.use_font(style, size)
            self.set_text_color(*colour)
            self.set_draw_color(190, 190, 190)
            rtl = starts_rtl(value)
            border = ("R" if rtl else "L") if bar else 0
            # A right-to-left paragraph is indented from the right.
            self.set_x(self.l_margin + (0 if rtl else indent))
            self.multi_cell(
                self.epw - indent,
                size * 0.55,
                value,
                border=border,
                align="R" if rtl else "L",
                padding=(0, 2, 0, 2) if bar else 0,
                new_x="LMARGIN",
                new_y="NEXT",
            )

        def picture(self, photo: Photo, label: str) -> None:
            """The photo with its label above it, together on one page."""
            scale = min(110 / photo.width, 90 / photo.height, 25.4 / 72)
            width, height = photo.width * scale, photo.height * scale
            if self.get_y() + height + 8 > self.page_break_trigger:
                self.add_page()
            self.paragraph(label, size=9.5, indent=6, colour=(90, 90, 90))
            self.image(io.BytesIO(photo.jpeg), x=self.l_margin + 6, w=width, h=height)
            self.ln(2)

    return ReviewPdf


def write_pdf(document: Document) -> bytes:
    """An A4 PDF with its fonts embedded; Arabic script shaped and right to left."""
    pdf = _pdf_class()(document)
    pdf.set_title(document.metadata_title)
    pdf.set_creator("My Review")
    pdf.set_lang(document.locale)
    if document.created is not None:
        pdf.set_creation_date(document.created)
    pdf.add_page()
    pdf.paragraph(document.title, style="B", size=18)
    pdf.ln(2)
    for line in document.details:
        pdf.paragraph(line, size=10, colour=(60, 60, 60))
    for block in document.body:
        if block.kind == "heading":
            pdf.paragraph(block.text, style="B", size=13, before=6, keep=28)
        elif block.kind == "question":
            pdf.paragraph(block.text, style="B", before=3, keep=16)
        elif block.kind == "words":
            for line in _paragraphs(block.text):
                if line.strip():
                    pdf.paragraph(line, indent=6, bar=True)
                else:
                    pdf.ln(3)
        elif block.kind == "photo" and block.photo is not None:
            pdf.picture(block.photo, block.text)
        elif block.kind == "note":
            pdf.paragraph(block.text, size=9.5, indent=6, colour=(90, 90, 90))
        elif block.kind == "item":
            pdf.paragraph(f"• {block.text}", indent=4)
        else:
            pdf.paragraph(block.text, indent=6)
    if pdf.left_out:
        pdf.paragraph(document.pdf_left_out, size=9, colour=(90, 90, 90), before=8)
    return bytes(pdf.output())
