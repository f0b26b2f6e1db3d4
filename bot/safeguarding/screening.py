"""Screening a child's words: the detector, read twice, and "no" to "Do you feel safe at home?".

:func:`screen_words` is what the conversation calls for every word a child (or
a helper typing for one) sends. It asks :func:`~bot.safeguarding.detector.detect`
for the concerns in the words as written, and once more with the third person
turned into the first (:func:`first_person`: "Kit says her uncle hits her" is
read as "i says me uncle hits me"), so that words about the child, or about a
friend, alert as if the child wrote them. That second reading happens inside
``detect`` (its ``retell``), after the child's own actions are set aside: "I
kicked him" must not become "I kicked me". A typed "no" (or "nah", "not
really", ...) to the safety question is a disclosure too (:func:`says_no`).

The result (:class:`Screened`) holds concern values and rule ids, never words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from bot.safeguarding.detector import Concern, detect, normal_form

ANSWERS = "bot.safeguarding.answers"

SAFE_QUESTION: Final = "home.safe"
"""Its "no" option, or a typed answer that says no, is a disclosure (unsafe_home)."""


NO_OPTION: Final = "no"


TYPED_NO_RULE: Final = "typed.home_safe_no"


@cache
def _says_no() -> re.Pattern[str]:
    """Every language's typed "no" (``answers/says_no.toml``), in the normal form, as one
    regex that must match at the start of the answer and end on a word break."""
    data = tomllib.loads(resources.files(ANSWERS).joinpath("says_no.toml").read_text("utf-8"))
    words = {normal_form(word) for listed in data["no"].values() for word in listed}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    return re.compile(rf"^\W*(?:{alternatives})(?!\w)")


def says_no(words: str) -> bool:
    """Whether a typed answer to the safety question says no (or close to it), in any
    language we speak: "no", "nah", "not really", "لا", "نه", "ኣይፋል", "khong"…"""
    return bool(_says_no().match(normal_form(words.strip())))


@dataclass(frozen=True)
class Screened:
    """What :func:`screen_words` found: concern values and rule ids (never words)."""

    concerns: tuple[str, ...]
    rules: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.concerns)


# The detector's patterns speak in the first person ("he hits me"). A carer typing for a
# child writes "Kit says her uncle hits her"; a child may write about a brother or a
# friend ("my friend wants to kill herself"). So the words are also read once more with
# the third person turned into the first ("i says me uncle hits me"): more alerts, never
# fewer, and a worker reading one that turns out to be fine is the price of no misses.
#
# The re-read is done by detect() itself (its ``retell``), on the normalised text after
# the child's own actions have been set aside: "I kicked him" must not become "I kicked
# me", but "I saw him hit her" still becomes "... hit me", and alerts.
_FIRST_PERSON = {
    "she": "i",
    "he": "i",
    "they": "i",
    "her": "me",
    "him": "me",
    "them": "me",
    "his": "my",
    "their": "my",
    "hers": "mine",
    "theirs": "mine",
    "herself": "myself",
    "himself": "myself",
    "themselves": "myself",
    "themself": "myself",
    "shes": "im",
    "hes": "im",
    "theyre": "im",
    # ... which English text reaches as two words (its [replace] table)
    "she is": "im",
    "he is": "im",
    "they are": "im",
}
# Longest first, so "she is" becomes "im" rather than "i is".
_THIRD_PERSON = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _FIRST_PERSON), key=len, reverse=True)) + r")\b"
)


def first_person(normalised: str, name: str | None = None) -> str:
    """Normalised words (see :func:`normal_form`) with "she", "her", "his" -- and the
    child's first name -- read as "I", "me", "my"."""
    retold = _THIRD_PERSON.sub(lambda m: _FIRST_PERSON[m[0]], normalised)
    if name and (plain := normal_form(name).strip()) and re.fullmatch(r"\w+", plain):
        retold = re.sub(rf"\b{re.escape(plain)}\b", "i", retold)
    return retold


def screen_words(words: str, *, answering: str | None = None, name: str | None = None) -> Screened:
    """The concerns in ``words``; ``answering`` is the question key they answer, if any,
    and ``name`` the child's first name (for words written about them)."""
    concerns: list[str] = []
    rules: list[str] = []
    findings = detect(words, retell=lambda normalised: first_person(normalised, name))
    for finding in findings:
        if finding.concern.value not in concerns:
            concerns.append(finding.concern.value)
        rules.append(finding.rule)
    if answering == SAFE_QUESTION and says_no(words):
        if Concern.UNSAFE_HOME.value not in concerns:
            concerns.append(Concern.UNSAFE_HOME.value)
        rules.append(TYPED_NO_RULE)
    return Screened(tuple(concerns), tuple(rules))
