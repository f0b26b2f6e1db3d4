"""Export tests of both tiers share these: the words Sky writes in scripts other than
Latin, her sent review written straight into the database (no Telegram), and the
means to read an exported PDF or Word file back as text."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime, timedelta

from docx import Document as WordDocument
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select

from bot.calendar.reviews import add_review
from bot.people.records import add_person
from models import Answer, Consultation
from tests.support import CHILD_DOB, MEETING

ARABIC = "أشعر بالأمان في بيت جدتي"
ETHIOPIC = "ደህና ነኝ"


def jpeg(width: int = 320, height: int = 240) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def squash(value: str) -> str:
    """Compatibility forms folded (shaped Arabic can come out as presentation forms), and
    all runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def has_rtl_words(extracted: str, expected: str) -> bool:
    """The right-to-left words are all there, in reading order or in the visual order a
    PDF stores them in (words reversed, each word's letters in reading order)."""
    words = squash(expected).split()
    found = squash(extracted)
    return " ".join(words) in found or " ".join(reversed(words)) in found


def pdf_text(content: bytes, confidential: str) -> str:
    """The PDF's text, without the line on top of each page and the page numbers."""
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        lines = page.extract_text().splitlines()
        footer = re.compile(r"Page \d+ of \d+")
        kept = [
            line
            for line in lines
            if squash(line) != squash(confidential) and not footer.fullmatch(line.strip())
        ]
        pages.append("\n".join(kept))
    return "\n".join(pages)


def pdf_images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in WordDocument(io.BytesIO(content)).paragraphs)


# --- a review written as rows -----------------------------------------------------


def seed(session, now: datetime, *, with_photo: bool = True) -> int:
    """A child, her workers and a review, with answers written as rows; one by her carer."""
    iro = add_person(session, now, role="iro", name="Jo Example")
    social_worker = add_person(session, now, role="social_worker", name="Pat Sample")
    carer = add_person(session, now, role="carer", name="Lee Sample")
    child = add_person(
        session,
        now,
        role="child",
        name="Sky Test",
        dob=CHILD_DOB,
        iro_id=iro.id,
        social_worker_id=social_worker.id,
        carer_id=carer.id,
    )
    review = add_review(session, now, child_id=child.id, at=MEETING)
    consultation = session.exec(
        select(Consultation).where(Consultation.review_id == review.id)
    ).one()
    moment = now
    rows = [
        ("home.good", "text", child.id, {"text": ARABIC}),
        ("family.feel", "scale", carer.id, {"scale": 2}),
    ]
    if with_photo:
        rows.append(("enjoy.photo", "photo", child.id, {"file_id": "photo-1"}))
    for key, kind, by, values in rows:
        moment += timedelta(minutes=1)
        session.add(
            Answer(
                consultation_id=consultation.id,
                question_key=key,
                kind=kind,
                answered_by_id=by,
                created_at=moment,
                **values,
            )
        )
    consultation.status = "sent"
    consultation.sent_at = moment
    session.add(consultation)
    moment += timedelta(hours=1)
    session.add(
        Answer(
            consultation_id=consultation.id,
            question_key="#extra",
            kind="voice",
            file_id="voice-1",
            addition=True,
            answered_by_id=child.id,
            created_at=moment,
        )
    )
    session.flush()
    return review.id
