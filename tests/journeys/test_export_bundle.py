"""``myreview export`` holds everything: the photos embedded, downloaded through the
Bot API by file id as the Export button does; and ``--format zip``, the PDF, the
DOCX, each photo and voice note as the child sent it, and a manifest.

The operator's command runs against a real HTTP Bot API stand-in that serves the
same files the child sent (``telegram_double.server`` over the world's double)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import zipfile

import pytest
from alembic import command
from pypdf import PdfReader

from bot.cli import main
from bot.platform.db import alembic_config
from telegram_double.server import BotAPIServer
from tests.exports import jpeg
from tests.journeys.steps import skip_to_send
from tests.support import DATA_KEY

VOICE = b"OggS" + b"\x00" * 200


@pytest.fixture
async def sent_with_media(world, started_child):
    sky = started_child
    await sky.send_photo(file_id="photo-bike", caption="My bike", content=jpeg())
    while "You could send a voice note" not in sky.last_with_buttons().plain:
        await sky.tap("Skip ➡️")
    await sky.send_voice(file_id="voice-12s", duration=12, content=VOICE)
    await skip_to_send(sky)
    return sky


async def operator(world, monkeypatch, capsys, *args: str, token: bool = True):
    """``myreview`` at the command line, on the world's database and Bot API."""
    # The world's tables were made from the models: tell Alembic they are at head.
    command.stamp(alembic_config(world.rt.db.url), "head")
    server = BotAPIServer(world.double).start()
    try:
        monkeypatch.setenv("DATABASE_URL", world.rt.db.url)
        monkeypatch.setenv("MYREVIEW_DATA_KEY", DATA_KEY)
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        if token:
            monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
        else:
            monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
        # In a thread of its own, as at a terminal: the command runs its own event loop.
        code = await asyncio.to_thread(main, ["--now", "2026-12-08T15:00+00:00", *args])
        out, err = capsys.readouterr()
        return code, out, err
    finally:
        server.stop()


async def test_the_operators_pdf_embeds_the_childs_photo_downloaded_by_file_id(
    world, sent_with_media, monkeypatch, capsys, tmp_path
):
    review = str(sent_with_media.review_id)
    code, _, err = await operator(world, monkeypatch, capsys, "export", "--review", review,
                            "--format", "pdf", "--out", str(tmp_path / "r.pdf"))  # fmt: skip
    assert (code, err) == (0, "")
    pdf = PdfReader(tmp_path / "r.pdf")
    assert sum(len(page.images) for page in pdf.pages) == 1
    assert any(c.method == "getFile" for c in world.double.calls)


async def test_a_zip_holds_both_documents_the_photo_the_voice_note_and_a_manifest(
    world, sent_with_media, monkeypatch, capsys, tmp_path
):
    review = str(sent_with_media.review_id)
    code, out, _ = await operator(world, monkeypatch, capsys, "export", "--review", review,
                            "--format", "zip", "--out", str(tmp_path), "--json")  # fmt: skip
    assert code == 0
    path = json.loads(out)["path"]
    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
        manifest = json.loads(bundle.read("manifest.json"))
        assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
        assert bundle.read("voices/voice-2.ogg") == VOICE
        # The DOCX holds the photo itself, as the PDF does, not a note that one was sent.
        docx = bundle.read(next(n for n in names if n.endswith(".docx")))
        with zipfile.ZipFile(io.BytesIO(docx)) as document:
            assert [n for n in document.namelist() if n.startswith("word/media/")]
        for entry in manifest["files"]:
            assert hashlib.sha256(bundle.read(entry["name"])).hexdigest() == entry["sha256"]
    kinds = sorted(entry["kind"] for entry in manifest["files"])
    assert kinds == ["docx", "pdf", "photo", "voice"]
    voice = next(entry for entry in manifest["files"] if entry["kind"] == "voice")
    assert "voice note" in voice["answers"]
    assert manifest["not_included"] == [] and manifest["child"] == "Sky Test"


async def test_without_a_bot_token_the_export_says_what_it_could_not_include(
    world, sent_with_media, monkeypatch, capsys, tmp_path
):
    review = str(sent_with_media.review_id)
    code, out, err = await operator(world, monkeypatch, capsys, "export", "--review", review,
                              "--format", "zip", "--out", str(tmp_path), "--json",
                              token=False)  # fmt: skip
    assert code == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in err
    with zipfile.ZipFile(json.loads(out)["path"]) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        pdf = PdfReader(
            io.BytesIO(bundle.read(next(n for n in bundle.namelist() if n.endswith(".pdf"))))
        )
    assert [m["kind"] for m in manifest["not_included"]] == ["photo", "voice"]
    assert sum(len(page.images) for page in pdf.pages) == 0
