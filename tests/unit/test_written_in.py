"""Which language a child wrote in, and whether the safety check could read it.

The check reads the languages it has pattern files for. Words in any other
language are flagged to the IRO; words in ours are named, so staff know which
interpreter to ask for.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.safeguarding.written_in import WrittenIn, english_name, written_in


@pytest.mark.parametrize(
    ("words", "chosen", "code"),
    [
        ("زوج خالتي يضربني", "en", "ar"),
        ("من در خانه احساس امنیت نمی کنم", "fa", "fa"),
        ("من در خانه احساس امنیت نمی کنم", "prs", "prs"),  # Dari, to the identifier Farsi
        ("زه په کور کې ډار لرم او نه غواړم هلته لاړ شم", "ps", "ps"),
        ("من لە ماڵەوە هەست بە ئارامی ناکەم", "ckb", "ckb"),
        ("ኣብ ገዛ ደሓን ኣይኮንኩን", "ti", "ti"),  # Ethiopic: the child's language says which
        ("ቤት ውስጥ ደህንነት አይሰማኝም", "am", "am"),
        ("Tôi không cảm thấy an toàn ở nhà", "vi", "vi"),
        ("Nuk ndihem i sigurt në shtëpi", "sq", "sq"),
        ("Dw i ddim yn teimlo'n ddiogel gartref", "cy", "cy"),
        ("I like football and my nan takes me to the park", "en", "en"),
    ],
)
def test_words_in_a_language_we_read_are_checked_and_named(words, chosen, code):
    assert written_in(words, chosen) == WrittenIn(code, checked=True)


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Мене б'ють вдома, я боюся", "Ukrainian"),
        ("Я не чувствую себя в безопасности дома", "Russian"),
        ("我在家里不安全", "Chinese"),
        ("میں گھر میں محفوظ نہیں ہوں", "Urdu"),  # Arabic script, not a language we read
        ("mon oncle me frappe tous les jours", "French"),
        ("eu não me sinto seguro em casa", "Portuguese"),
        ("amcam beni dövüyor her gün", "Turkish"),
    ],
)
def test_words_the_check_cannot_read_are_flagged_with_their_language(words, name):
    found = written_in(words, "en")
    assert found is not None and not found.checked
    assert found.english == name


def test_one_sentence_it_cannot_read_flags_the_whole_answer():
    found = written_in("I like football. Mon oncle me frappe tous les jours.", "en")
    assert found == WrittenIn("fr", checked=False)


def test_latin_letter_arabic_or_persian_is_read_for_a_child_who_speaks_it():
    # The identifier takes Arabizi and Finglish for all sorts of languages.
    assert written_in("zoj khalti yedrabni kol yom", "ar") == WrittenIn("ar", checked=True)
    assert written_in("mikham mamano bebinam", "prs") == WrittenIn("prs", checked=True)


def test_a_script_nobody_names_is_flagged_by_its_script():
    found = written_in("ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾ", "en")
    assert found is not None and not found.checked
    assert found.code == "script:RUNIC" and found.english == "Runic script"


@pytest.mark.parametrize("words", ["", "   ", "😀👍🏽", "12345", "!!"])
def test_no_words_is_no_language(words):
    assert written_in(words, "en") is None


def test_few_words_are_never_flagged_on_a_guess():
    assert written_in("ok", "en") == WrittenIn("en", checked=True)
    assert written_in("merci", "en") == WrittenIn("en", checked=True)


def test_the_result_holds_a_code_never_the_words():
    found = written_in("Мене б'ють вдома", "en")
    assert [f.name for f in dataclasses.fields(WrittenIn)] == ["code", "checked"]
    assert "б'ють" not in repr(found)


def test_wrong_type_is_refused():
    with pytest.raises(TypeError):
        written_in(b"words", "en")  # type: ignore[arg-type]


def test_staff_read_each_language_by_its_english_name():
    assert english_name("prs") == "Dari"
    assert english_name("ckb") == "Kurdish (Sorani)"
    assert english_name("so") == "Somali"
    assert english_name("script:CYRILLIC") == "Cyrillic script"
    assert english_name("xx-nonsense") == "xx-nonsense"
