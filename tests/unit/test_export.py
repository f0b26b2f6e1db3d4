"""Exporting a child's My Review for the case record, without Telegram: the service
on a review written as rows (audited, photos it cannot fetch listed, the
participation code), and the PDF's own rules for glyphs and writing direction.
(Exports made from answers given through the bot, and from the command line, are
journeys: tests/journeys/test_export.py.)"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from sqlmodel import select

from bot.platform.errors import UserError
from bot.workspace.export import export_review, script_runs, starts_rtl, write_pdf
from messages import export as words_of
from models import AuditEvent, Review
from tests.exports import ARABIC, ETHIOPIC, docx_text, pdf_images, pdf_text, seed, squash


def test_operator_export_is_audited_and_lists_photos_it_cannot_fetch(rt):
    now = rt.clock.now()
    with rt.session() as session:
        review_id = seed(session, now)
    with rt.session() as session:
        exported = export_review(session, now, review_id, "pdf")
    found = squash(pdf_text(exported.content, "CONFIDENTIAL – for Sky Test's case record"))
    assert pdf_images(exported.content) == 0
    assert "Photo: not in this file; it is kept in Telegram." in found
    assert "Voice note: not in this file; listen to it in Telegram." in found
    assert "added by Sky: kept in Telegram, not in this file." in found
    assert "Filled in with help from Lee Sample (carer)." in found
    assert "Sad (2 of 5)" in found
    assert "Added after sending, Monday, 23 November 2026, 11:03" in found
    with rt.session() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(r.actor_id, r.actor_label, r.review_id) for r in rows] == [
        (None, "operator (cli)", review_id)
    ]


def test_a_photo_that_cannot_be_read_is_listed_not_embedded(rt):
    now = rt.clock.now()
    with rt.session() as session:
        review_id = seed(session, now)
    with rt.session() as session:
        exported = export_review(
            session, now, review_id, "docx", file_bytes=lambda _: b"not a jpeg"
        )
    assert len(WordDocument(io.BytesIO(exported.content)).inline_shapes) == 0
    assert "Photo: it could not be read for this file; it is kept in Telegram." in docx_text(
        exported.content
    )


def test_the_participation_code_is_shown_once_recorded(rt):
    now = rt.clock.now()
    with rt.session() as session:
        review_id = seed(session, now, with_photo=False)
    with rt.session() as session:
        markdown = export_review(session, now, review_id, "md").content.decode()
        assert "Participation code" not in markdown
        review = session.get(Review, review_id)
        if "participation_code" in Review.model_fields:
            review.participation_code = "PN6"
        else:  # the column comes with the meeting's "held" details
            object.__setattr__(review, "participation_code", "PN6")
        markdown = export_review(session, now, review_id, "md").content.decode()
    assert (
        "- Participation code: PN6 – did not attend but conveyed their views by another medium\n"
        in markdown
    )
    assert words_of.PARTICIPATION_CODES.keys() == {f"PN{n}" for n in range(8)}


def test_unknown_review_and_format_are_user_errors(rt):
    now = rt.clock.now()
    with rt.session() as session:
        review_id = seed(session, now)
        with pytest.raises(UserError, match="no review with id 999"):
            export_review(session, now, 999, "pdf")
        with pytest.raises(UserError, match="unknown format"):
            export_review(session, now, review_id, "odt")


def _pdf_lines(**fields) -> list[str]:
    from bot.workspace.export import Document

    document = Document(
        locale="en",
        confidential="CONFIDENTIAL",
        page_template="Page {page} of {pages}",
        pdf_left_out="Left out.",
        **fields,
    )
    found = PdfReader(io.BytesIO(write_pdf(document))).pages[0].extract_text()
    return [squash(line) for line in found.splitlines()]


def test_pdf_keeps_a_childs_emoji_and_leaves_out_only_what_no_font_has():
    lines = _pdf_lines(title="😀 Title", details=["a ⚽ b", "end 🎉", "Nan 👵🏽!", "漢字 kept out"])
    assert lines[1:6] == ["😀 Title", "a ⚽ b", "end 🎉", "Nan 👵🏽!", "kept out"]
    assert "Left out." in lines  # the Chinese: no embedded font has it, and the PDF says so


def test_pdf_keeps_the_space_in_a_name_of_two_directions():
    # As the renderer gives it: the name in direction isolates (FSI … PDI).
    lines = _pdf_lines(title="My Review: \u2068ليلى Amin\u2069", details=[])
    title = lines[1]
    assert re.search(r"[\u0600-\u06ff] Amin$", title), title  # the space, and no isolates
    assert title.startswith("My Review: ")


def test_direction_and_script_runs():
    assert starts_rtl(ARABIC) and starts_rtl("  «" + ARABIC)
    assert not starts_rtl("Nan " + ARABIC) and not starts_rtl(ETHIOPIC)
    assert script_runs(f"I said {ARABIC} and {ETHIOPIC}.") == [
        ("I said ", "ltr"),
        (ARABIC + " ", "rtl"),
        ("and ", "ltr"),
        (ETHIOPIC + ".", "ethiopic"),
    ]
