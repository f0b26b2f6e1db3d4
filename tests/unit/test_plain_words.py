"""What a child reads is plain: a reading age of about 8 in English, and no care jargon
in any language we speak.

The Language that Cares asks professionals not to call a child's home a "placement"
or their family time "contact", and to use no abbreviations. These tests read every
string a child can read: the English source and every catalog.
"""

from __future__ import annotations

import re

import pytest
import textstat

from messages import catalog, languages

MAX_GRADE = 5
"""Flesch-Kincaid grade 5: about age 10; most strings are near grade 1."""

# The minimum list: the professional terms of ../shared/domain.md's table, and the
# abbreviations children do not use.
JARGON = (
    "placement", "placements", "contact", "lac", "looked after child", "looked-after",
    "cla", "roa", "care plan", "pathway plan", "respite", "abscond", "absconded",
    "siblings", "statutory", "therapy", "leaving care", "advocate", "iro", "iros",
    "sw", "pep", "carer", "carers", "foster placement", "review of arrangements",
)  # fmt: skip


def child_strings() -> list[tuple[str, str]]:
    """(string, where) for every English string a child can read (plural forms too)."""
    found = []
    for message in catalog.build_template():
        if not message.id:
            continue
        where = ", ".join(w for w, _ in message.locations)
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            found.append((text, where))
    return found


def prose(text: str) -> str:
    """The words a child reads: no markup, commands, or placeholders (a child's own
    words go there: "it" stands in for them)."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"/[a-z]+", "it", text)
    return re.sub(r"\{[a-z_]+\}", "it", text)


def jargon_in(text: str) -> list[str]:
    plain = prose(text).lower().replace("’", "'")
    return [
        term for term in JARGON if re.search(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", plain)
    ]


def test_every_english_string_a_child_reads_is_at_a_reading_age_of_about_eight():
    hard = []
    for text, where in child_strings():
        words = re.findall(r"[A-Za-z']+", prose(text))
        if len(words) < 5:
            continue
        grade = textstat.flesch_kincaid_grade(prose(text))
        if grade > MAX_GRADE:
            hard.append(f"grade {grade}: {text[:80]!r} ({where})")
    assert not hard, "\n".join(hard)


def test_no_english_string_a_child_reads_uses_care_jargon():
    found = [f"{jargon_in(t)}: {t[:80]!r} ({w})" for t, w in child_strings() if jargon_in(t)]
    assert not found, "\n".join(found)


def own_jargon(code: str) -> tuple[str, ...]:
    """The language's own care jargon (``messages/locales/<code>/jargon.txt``): the
    professional words for placement, contact and the rest that a translator must
    not reach for. One term per line; ``#`` starts a comment."""
    path = catalog.po_path(code).parent.parent / "jargon.txt"
    assert path.exists(), f"{code}: write {path} (the care jargon to avoid in this language)"
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return tuple(line.casefold() for line in lines if line)


def jargon_in_language(text: str, terms: tuple[str, ...]) -> list[str]:
    plain = prose(text).casefold()
    # Letters of any script on both sides: Arabic prefixes (و، ال، ب) stay part of a word.
    return [t for t in terms if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", plain)]


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != languages.SOURCE])
def test_no_catalog_leaves_care_jargon_or_abbreviations_for_a_child(code):
    terms = own_jargon(code)
    assert len(terms) >= 5, f"{code}: jargon.txt should name at least the domain's terms"
    translated = catalog.read_catalog(code)
    found = []
    for message in translated:
        if not message.id or not message.string:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        for text in strings:
            hits = jargon_in(text) + jargon_in_language(text, terms)
            if hits:
                found.append(f"{hits}: {text[:80]!r}")
    assert not found, "\n".join(found)


def test_the_checks_catch_what_they_are_for():
    assert jargon_in("How is your placement going?") == ["placement"]
    assert jargon_in("Your IRO will read it") == ["iro"]
    assert jargon_in("Tell {iro} what you think") == []  # a name goes there
    assert jargon_in_language("متى الإيداع؟", ("الإيداع",)) == ["الإيداع"]
    assert jargon_in_language("الإيداعات", ("الإيداع",)) == []  # another word
    assert (
        textstat.flesch_kincaid_grade(
            "Independent reviewing officers facilitate statutory consultations."
        )
        > MAX_GRADE
    )
