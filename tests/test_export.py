"""Exporting a child's My Review for the case record: PDF, DOCX and Markdown.

The answers are given the way a child gives them, through the real Application;
the exports are read back with pypdf and python-docx, and the text that comes
out must hold the child's words, Arabic and Ethiopic included.
"""

from __future__ import annotations

import io
import re
import stat
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from cryptography.fernet import Fernet
from docx import Document as WordDocument
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader
from sqlmodel import SQLModel, select

from bot.calendar.reviews import add_review
from bot.cli import main
from bot.people.records import add_person
from bot.platform.clock import FrozenClock
from bot.platform.db import alembic_config
from bot.platform.errors import AccessDenied, UserError
from bot.platform.runtime import open_runtime
from bot.platform.settings import load_settings
from bot.workspace.export import export_review, script_runs, starts_rtl, write_pdf
from messages import export as words_of
from messages import text
from messages.questions import load_question_set
from messages.render import Renderer
from models import Answer, AuditEvent, Consultation, Person, Review

MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tuesday
CHILD_DOB = date(2012, 3, 14)  # 14 at the meeting: the 13+ questions
ARABIC = "أشعر بالأمان في بيت جدتي"
ETHIOPIC = "ደህና ነኝ"
EMOJI_ANSWER = "Football ⚽ and drawing 🎨 with Nan 👵🏽!"
PHOTO_CAPTION = "My bike 🚲"
ABOUT_PHOTO = "Photo, answering “Would you like to send a photo of something you love doing?”"
LONG = " ".join(f"Week {n}: school was OK and football was good." for n in range(200))[:5000]
assert len(LONG) == 5000


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


# --- a child fills in My Review, through the bot ---------------------------------------


async def answer_everything(child, plan: dict) -> None:
    """Go through the 13+ questions in order: do what the plan says, skip the rest."""
    render = Renderer("en")
    for question in load_question_set().for_band("13+"):
        action = plan.get(question.key, ("tap", render.plain(text.SKIP)))
        if action[0] == "tap":
            await child.tap(action[1])
        elif action[0] == "send":
            await child.send(action[1])
        elif action[0] == "photo":
            await child.send_photo(action[1], caption=action[2], content=action[3])
    send = next(
        b for row in child.buttons() for b in row if (b.callback_data or "").endswith(":send")
    )
    replies = await child.tap(send.callback_data)
    assert any("Sent!" in m.plain for m in replies.to(child.chat_id))


@pytest.fixture
async def sent(world, team):
    """Sky has answered (Arabic, Ethiopic, emoji, a very long answer, a photo) and sent it."""
    iro, social_worker, carer = team
    sky = await world.join(
        "child",
        "Sky Test",
        dob=CHILD_DOB,
        iro_id=iro.person_id,
        social_worker_id=social_worker.person_id,
        carer_id=carer.person_id,
    )
    review_id = world.schedule(sky.person_id, MEETING)
    if sky.last_with_buttons() and sky.last_with_buttons().button("l:en"):
        await sky.tap("l:en")
    for word in ("Nan's", "Nan", "Seeing Mum", "My review", "My worker"):
        await sky.tap(word)
    await sky.tap(Renderer("en").plain(text.START_NOW))
    emoji = text.SCALE_EMOJI
    await answer_everything(
        sky,
        {
            "meeting.attend": ("tap", "Some of it"),
            "since.well": ("send", LONG),
            "home.feel": ("tap", emoji[4]),
            "home.good": ("send", ARABIC),
            "family.feel": ("tap", emoji[3]),
            "worries.any": ("send", ETHIOPIC),
            "enjoy.what": ("send", EMOJI_ANSWER),
            "enjoy.photo": ("photo", "photo-bike", PHOTO_CAPTION, jpeg()),
        },
    )
    return sky, iro, social_worker, review_id


def export_as(world, person_id: int, review_id: int, fmt: str, **kwargs):
    with world.rt.session() as session:
        actor = session.get(Person, person_id)
        return export_review(
            session,
            world.rt.clock.now(),
            review_id,
            fmt,
            actor=actor,
            zone=world.rt.settings.zone,
            **kwargs,
        )


async def test_the_pdf_holds_the_childs_words_arabic_and_ethiopic_and_the_photo(world, sent):
    _, iro, _, review_id = sent
    exported = export_as(world, iro.person_id, review_id, "pdf", file_bytes=world.double.file_bytes)
    assert exported.media_type == "application/pdf"
    assert exported.filename == f"my-review-{review_id}-2026-12-08.pdf"
    confidential = "CONFIDENTIAL – for Sky Test's case record"
    found = pdf_text(exported.content, confidential)
    flat = squash(found)

    assert confidential in PdfReader(io.BytesIO(exported.content)).pages[0].extract_text()
    assert "My Review: Sky Test" in flat
    assert "Review meeting: Tuesday, 8 December 2026, 10:00" in flat
    assert "Sent: Monday, 23 November 2026, 10:00" in flat
    # The questions in Sky's own words ("Nan's", "seeing Mum").
    assert "What's good about living at Nan's?" in flat
    assert "How do you feel about seeing Mum?" in flat
    assert "Some of it" in flat
    # Her words exactly: the very long answer whole (across pages), Arabic, Ethiopic.
    assert squash(LONG) in flat
    assert has_rtl_words(found, ARABIC), found
    assert squash(ETHIOPIC) in flat
    # Feelings as words; emoji are left out cleanly, and the PDF says so.
    assert "Very happy (5 of 5)" in flat
    assert "Happy (4 of 5)" in flat
    assert "Football and drawing with Nan!" in flat
    assert "My bike" in flat
    assert not any(ch in found for ch in "😄🙂⚽🎨👵🚲")
    assert "Emoji and some symbols cannot be shown in this PDF" in flat
    # The photo is in the PDF, and the fonts that draw Arabic and Ethiopic are embedded.
    assert pdf_images(exported.content) == 1
    assert f"{ABOUT_PHOTO}: shown above." in flat
    fonts = {name.split("+")[-1] for name in pdf_fonts(exported.content)}
    assert {"NotoSans", "NotoSansArabic", "NotoSansEthiopic"} <= fonts


async def test_the_docx_holds_the_childs_words_right_to_left_and_the_photo(world, sent):
    _, iro, _, review_id = sent
    exported = export_as(
        world, iro.person_id, review_id, "docx", file_bytes=world.double.file_bytes
    )
    assert exported.filename.endswith(".docx")
    document = WordDocument(io.BytesIO(exported.content))
    found = docx_text(exported.content)

    assert (
        "CONFIDENTIAL – for Sky Test's case record"
        in document.sections[0].header.paragraphs[0].text
    )
    assert "My Review: Sky Test" in found
    for words in (LONG, ARABIC, ETHIOPIC, EMOJI_ANSWER, PHOTO_CAPTION):
        assert words in found.splitlines()
    assert "😄 Very happy (5 of 5)" in found
    assert "🙂 Happy (4 of 5)" in found
    assert len(document.inline_shapes) == 1

    arabic = next(p for p in document.paragraphs if p.text == ARABIC)
    assert arabic._p.pPr.find(qn("w:bidi")) is not None
    assert all(run.font.rtl for run in arabic.runs)
    assert arabic.runs[0]._r.rPr.rFonts.get(qn("w:cs"))
    latin = next(p for p in document.paragraphs if p.text == LONG)
    assert latin._p.pPr.find(qn("w:bidi")) is None


async def test_markdown_has_the_exact_words_and_lists_the_photo_as_kept_in_telegram(world, sent):
    _, iro, _, review_id = sent
    exported = export_as(world, iro.person_id, review_id, "md", file_bytes=world.double.file_bytes)
    assert exported.media_type.startswith("text/markdown")
    markdown = exported.content.decode("utf-8")

    assert markdown.startswith(
        "**CONFIDENTIAL – for Sky Test's case record**\n\n# My Review: Sky Test\n"
    )
    for words in (LONG, ARABIC, ETHIOPIC, EMOJI_ANSWER, PHOTO_CAPTION):
        assert f"\n> {words}\n" in markdown
    assert "\n😄 Very happy (5 of 5)\n" in markdown
    assert "**What's good about living at Nan's?**" in markdown
    assert "Photo: not in this file; it is kept in Telegram." in markdown
    assert f"- {ABOUT_PHOTO}: kept in Telegram, not in this file." in markdown
    assert "Sky's own words: home: “Nan's”" in markdown
    # Deterministic: the same export twice is the same bytes.
    again = export_as(world, iro.person_id, review_id, "md")
    assert again.content == exported.content


async def test_exports_are_for_the_childs_own_workers_only_and_each_is_audited(world, sent):
    sky, iro, social_worker, review_id = sent
    other_worker = await world.join("social_worker", "Max Example")
    export_as(world, social_worker.person_id, review_id, "md")
    with pytest.raises(AccessDenied):
        export_as(world, other_worker.person_id, review_id, "pdf")
    with pytest.raises(AccessDenied):
        export_as(world, iro.person_id, 9999, "pdf")
    ash_id, _ = world.add("child", "Ash Test", dob=CHILD_DOB, iro_id=iro.person_id)
    with pytest.raises(AccessDenied):  # nor another child
        export_as(world, ash_id, review_id, "md")

    with world.rt.session() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(r.actor_id, r.child_id, r.review_id) for r in rows] == [
        (social_worker.person_id, sky.person_id, review_id)
    ]


# --- without Telegram: the service directly, and the command line ---------------------------


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


def test_pdf_leaves_out_glyphs_no_font_has_without_boxes():
    from bot.workspace.export import Document

    document = Document(
        locale="en",
        confidential="CONFIDENTIAL",
        title="😀 Title",
        details=["a ⚽ b", "end 🎉", "🎉 start", "x👨‍👩‍👧y", "Nan 👵🏽!", "漢字 kept out"],
        page_template="Page {page} of {pages}",
        pdf_left_out="Left out.",
    )
    found = PdfReader(io.BytesIO(write_pdf(document))).pages[0].extract_text()
    lines = [squash(line) for line in found.splitlines()]
    assert lines[1:8] == ["Title", "a b", "end", "start", "xy", "Nan!", "kept out"]
    assert "Left out." in lines


def test_direction_and_script_runs():
    assert starts_rtl(ARABIC) and starts_rtl("  «" + ARABIC)
    assert not starts_rtl("Nan " + ARABIC) and not starts_rtl(ETHIOPIC)
    assert script_runs(f"I said {ARABIC} and {ETHIOPIC}.") == [
        ("I said ", "ltr"),
        (ARABIC + " ", "rtl"),
        ("and ", "ltr"),
        (ETHIOPIC + ".", "ethiopic"),
    ]


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    """An operator's database: the schema as the models say, stamped as current (the
    migrations themselves are tested with ``myreview db upgrade`` in test_cli)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    runtime = open_runtime(load_settings(), FrozenClock(start))
    SQLModel.metadata.create_all(runtime.db.engine)
    command.stamp(alembic_config(runtime.db.url), "head")
    with runtime.session() as session:
        review_id = seed(session, start)
    yield runtime, review_id
    runtime.db.dispose()


NOW = ["--now", "2026-11-23T12:00+00:00"]


def test_cli_writes_the_export_only_for_its_owner(cli_db, tmp_path, capsys):
    runtime, review_id = cli_db
    out = tmp_path / "sky.md"
    code = main([*NOW, "export", "--review", str(review_id), "--format", "md", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert f"exported to {out}" in capsys.readouterr().out
    assert f"> {ARABIC}\n" in out.read_text("utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    folder = tmp_path / "exports"
    folder.mkdir()
    code = main(
        [*NOW, "export", "--review", str(review_id), "--format", "pdf", "--out", str(folder)]
    )
    assert code == 0
    assert (folder / f"my-review-{review_id}-2026-12-08.pdf").read_bytes().startswith(b"%PDF")
    with runtime.session() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [r.actor_label for r in rows] == ["operator (cli)", "operator (cli)"]


@pytest.mark.parametrize(
    ("review", "out", "says"),
    [
        ("999", "sky.md", "no review with id 999"),
        ("{review}", "missing/sky.md", "the folder"),
        ("{review}", "a-file/sky.md", "the folder"),
    ],
)
def test_cli_errors_are_one_line_and_write_nothing(cli_db, tmp_path, capsys, review, out, says):
    runtime, review_id = cli_db
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / out
    args = ["export", "--review", review.format(review=review_id), "--format", "md"]
    code = main([*NOW, *args, "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("myreview: ") and says in err
    assert not target.exists()
    with runtime.session() as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all() == []
