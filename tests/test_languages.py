"""The machinery for more languages: Babel catalogs, the language choice, and
right-to-left text shown the right way round."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from messages import catalog as template
from messages import render, text
from messages.render import FSI, PDI, RLM, Renderer, has_rtl, isolate
from tests.conftest import CHILD_DOB


@pytest.fixture
def arabic_catalog(tmp_path, monkeypatch):
    """A small Arabic catalog, standing in for a translator's file."""
    po = Catalog(locale="ar")
    po.add(text.WORDS_INTRO, "بعض الكلمات التي يستخدمها الكبار قد تبدو غريبة.")
    po.add(text.WORD_SAVED, "شكرًا! سأقول “{value}”.")
    po.add("What do you call the place where you live?", "ماذا تسمي المكان الذي تعيش فيه؟")
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(render, "LOCALES_DIR", tmp_path)
    render.available_locales.cache_clear()
    render.translations.cache_clear()
    yield tmp_path
    render.available_locales.cache_clear()
    render.translations.cache_clear()


def test_the_template_holds_every_string_a_person_can_read(tmp_path):
    path = tmp_path / "messages.pot"
    count = template.write_template(path)
    with path.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    assert count == len(extracted)
    assert text.HELP_CHILD in extracted
    assert "Yes, all of it" in extracted  # a button from the question set
    assert "What do you call the place where you live?" in extracted


def test_the_shipped_template_is_up_to_date():
    shipped = Path(template.TEMPLATE)
    with shipped.open("rb") as handle:
        on_disk = {m.id for m in read_po(handle) if m.id}
    assert on_disk == {m for m, _ in template.msgids() if m}, (
        "run `python -m messages.catalog` to refresh messages/locales/messages.pot"
    )


def test_a_new_catalog_adds_the_language_choice_and_speaks_it(arabic_catalog):
    assert render.available_locales() == ("en", "ar")
    arabic = Renderer("ar")
    said = arabic(text.WORD_SAVED, value="Nan's")
    assert said.startswith(RLM)
    assert "شكرًا" in said
    # Untranslated strings fall back to English rather than disappearing.
    assert "Childline" in arabic(text.HELP_STRANGER)


async def test_a_child_picks_their_language_in_their_first_conversation(
    arabic_catalog, world, team
):
    iro, _, _ = team
    child = await world.join("child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id)
    assert child.last.plain == "Which language would you like me to use?"
    assert child.last.button_labels == ["English", "العربية"]
    replies = await child.tap("العربية")
    assert "ماذا تسمي المكان الذي تعيش فيه؟" in replies.texts[-1]


def test_right_to_left_words_are_isolated_inside_english_sentences():
    assert has_rtl("بيت جدتي")
    assert not has_rtl("Nan's 🏠")
    assert isolate("بيت جدتي") == f"{FSI}بيت جدتي{PDI}"
    assert isolate("Nan's") == "Nan's"
    shown = Renderer("en", {"home": "بيت جدتي"})("How are things at {home}?")
    assert shown == f"How are things at {FSI}بيت جدتي{PDI}?"


def test_values_are_escaped_for_telegram_html_but_markup_is_kept():
    shown = Renderer("en")("<b>{name}</b>", name="<script> & co")
    assert shown == "<b>&lt;script&gt; &amp; co</b>"


def test_dates_are_written_the_british_way():
    from datetime import UTC, datetime

    r = Renderer("en")
    assert r.when(datetime(2026, 12, 29, 10, 0, tzinfo=UTC)) == "Tuesday 29 December, 10:00"
    assert r.when(datetime(2027, 6, 1, 9, 0, tzinfo=UTC)) == "Tuesday 1 June, 10:00"  # BST
