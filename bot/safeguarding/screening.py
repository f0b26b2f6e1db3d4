"""TODO docstring."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.safeguarding.detector import Concern, detect

SAFE_QUESTION: Final = "home.safe"
"""Its "no" option, or a typed answer that says no, is a disclosure (unsafe_home)."""


NO_OPTION: Final = "no"


TYPED_NO_RULE: Final = "typed.home_safe_no"


# A typed answer to "Do you feel safe at home?" that says no: "no", "nope", "nah",
# "not really", "never", "dont", "no way" ... (letters stretched: "noooo").
_SAYS_NO = re.compile(
    r"^\W*(?:n+o+p*e*|na+h*|not|never|dont|don't|do not|nowhere|no+ way)\b", re.IGNORECASE
)


def says_no(words: str) -> bool:
    """Whether a typed answer to the safety question says no (or close to it)."""
    return bool(_SAYS_NO.match(words.strip().replace("\u2019", "'")))


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
}


_WORD = re.compile(r"\b\w+(?:['\u2019]\w+)?\b")


def first_person(words: str, name: str | None = None) -> str:
    """``words`` with "she", "her", "his" (and the child's first name) read as "I", "me"."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        plain = word.lower().replace("'", "").replace("\u2019", "")
        if name and word.lower() == name.lower():
            return "i"
        return _FIRST_PERSON.get(plain, word)

    return _WORD.sub(swap, words)


def screen_words(words: str, *, answering: str | None = None, name: str | None = None) -> Screened:
    """The concerns in ``words``; ``answering`` is the question key they answer, if any,
    and ``name`` the child's first name (for words written about them)."""
    concerns: list[str] = []
    rules: list[str] = []
    findings = detect(words)
    retold = first_person(words, name)
    if retold != words:
        findings += [f for f in detect(retold) if f.concern not in {g.concern for g in findings}]
    for finding in findings:
        if finding.concern.value not in concerns:
            concerns.append(finding.concern.value)
        rules.append(finding.rule)
    if answering == SAFE_QUESTION and says_no(words):
        if Concern.UNSAFE_HOME.value not in concerns:
            concerns.append(Concern.UNSAFE_HOME.value)
        rules.append(TYPED_NO_RULE)
    return Screened(tuple(concerns), tuple(rules))
