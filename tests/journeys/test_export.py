"""Exporting a child's My Review for the case record: PDF, DOCX and Markdown.

The answers are given the way a child gives them, through the real Application;
the exports are read back with pypdf and python-docx, and the text that comes
out must hold the child's words, Arabic and Ethiopic included. The operator's
`myreview export` is here too; the service on its own is in tests/unit/test_export.py.
"""

from __future__ import annotations

import io
import stat

import pytest
from alembic import command
from cryptography.fernet import Fernet
from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlmodel import SQLModel, select

from bot.cli import main
from bot.platform.clock import FrozenClock
from bot.platform.db import alembic_config
from bot.platform.errors import AccessDenied
from bot.platform.runtime import open_runtime
from bot.platform.settings import load_settings
from bot.workspace.export import export_review
from messages import text
from messages.questions import load_question_set
from messages.render import Renderer
from models import AuditEvent, Person
from tests.exports import (
    ARABIC,
    ETHIOPIC,
    docx_text,
    has_rtl_words,
    jpeg,
    pdf_fonts,
    pdf_images,
    pdf_text,
    seed,
    squash,
)
from tests.journeys.steps import choose_words, join_child
from tests.support import CHILD_DOB, MEETING, START

EMOJI_ANSWER = "Football ⚽ and drawing 🎨 with Nan 👵🏽!"
PHOTO_CAPTION = "My bike 🚲"
ABOUT_PHOTO = "Photo, answering “Would you like to send a photo of something you love doing?”"
LONG = " ".join(f"Week {n}: school was OK and football was good." for n in range(200))[:5000]
assert len(LONG) == 5000


# --- a child fills in My Review, through the bot ---------------------------------------


async def answer_as_planned(child, plan: dict) -> None:
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
    iro, social_worker, _ = team
    sky = await join_child(world, team)
    review_id = world.schedule(sky.person_id, MEETING)
    if sky.last_with_buttons() and sky.last_with_buttons().button("l:en"):
        await sky.tap("l:en")
    await choose_words(sky, ["Nan's", "Nan", "Seeing Mum", "My review", "My worker"])
    await sky.tap(Renderer("en").plain(text.START_NOW))
    emoji = text.SCALE_EMOJI
    await answer_as_planned(
        sky,
        {
            "meeting.attend": ("tap", "Some of it"),
            "since.well": ("send", LONG),
            "home.feel": ("tap", f"{emoji[4]} Very happy"),
            "home.good": ("send", ARABIC),
            "family.feel": ("tap", f"{emoji[3]} Happy"),
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
    # Feelings as faces and words; her emoji kept (in black and white), as she wrote them.
    assert "Very happy (5 of 5)" in flat
    assert "Happy (4 of 5)" in flat
    assert "Football ⚽ and drawing 🎨 with Nan 👵" in flat
    assert "cannot be shown in this PDF" not in flat
    assert "My bike" in flat
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
    # Skipped questions are one list at the end, not a "Skipped" under each of them.
    assert markdown.count("Skipped") == 1
    skipped_at = markdown.index("## Skipped")
    assert "Sky skipped " in markdown[skipped_at:] and " questions:" in markdown[skipped_at:]
    assert "- Where would you like your review to be?" in markdown[skipped_at:]
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


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    """An operator's database: the schema as the models say, stamped as current (the
    migrations themselves are tested with ``myreview db upgrade`` in test_cli)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    runtime = open_runtime(load_settings(), FrozenClock(START))
    SQLModel.metadata.create_all(runtime.db.engine)
    command.stamp(alembic_config(runtime.db.url), "head")
    with runtime.session() as session:
        review_id = seed(session, START)
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
