"""The machinery for more languages: Babel catalogs, the language choice, and
right-to-left text shown the right way round."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from messages import catalog as template
from messages import render, text
from messages.render import FSI, PDI, RLM, Renderer, has_rtl, isolate


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
    assert on_disk == {m.id for m in template.build_template() if m.id}, (
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
