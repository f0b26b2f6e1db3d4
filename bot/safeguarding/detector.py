"""Spot signs, in anything a child writes, that they may not be safe.

A child may disclose harm in any free-text answer, not only when asked "do you
feel safe?". The service must hear about it the same day, so every message a
child sends goes through :func:`detect`. A missed disclosure is far worse than a
worker reading one message that turned out to be fine, so the patterns lean
sensitive: genuinely ambiguous words ("I got hurt", "I ran away") raise an
alert, and only clearly ordinary phrases ("I killed it at football", "this
homework is killing me", "I'm dying to see my brother") do not.

Detection is plain pattern matching, kept in one TOML file per language
(``bot/safeguarding/patterns/<lang>.toml``) so that a safeguarding lead can read
and review every rule. :func:`detect` runs the patterns of *every* language,
whatever language the child chose for the bot: a child may switch language
when it matters most.

A message is read in four steps:

1. **Normalise** (:func:`_normalise`): the many ways children type the same
   words meet one spelling; the pattern files are written against that normal
   form and are checked against it when loaded.
2. **Replace**: each language's ``[replace]`` table rewrites text-speak and
   contractions ("no one" -> "nobody", "wanna" -> "want to").
3. **Set aside** (:class:`_SetAside`): stretches the rules must not read --
   a negation governing the harm verb itself ("nobody hurts me", "he never
   hits me", "I don't want to die") and the child as the one acting ("I hit my
   brother by accident") -- become a clause break. A stretch is set aside only
   within its own clause and only if nothing around it says the harm is still
   there ("... when mum is out", "... anymore", "my brother does", "he told me
   to say ..."); otherwise it is read like any other words. This can only take
   alerts away, so it runs only where some rule matched at all.
4. **Rules**: every rule, merged into one trie-shaped regex for speed, over
   what is left. The first match decides nothing on its own: each concern is
   then looked for separately.

Privacy: the result (:class:`Finding`) names a concern, a language and a rule
id, never the child's words. Nothing here logs, and no exception raised here
carries the text.

Known limits: patterns cannot understand meaning. Negation is recognised only
in the forms the pattern file lists, in its own clause; anything else is read
as it stands (more alerts, never fewer). Idiom is handled one phrase at a time
(see the comments in the pattern file). Look-alike letters from other scripts
(Cyrillic "к" for "k"), letters hidden behind symbols ("k*ll") and whole
sentences spelt out letter by letter ("i w a n t t o d i e" runs together into
one word) are not caught; a disclosure in a language without a pattern file is
caught only if it contains English. Rules that look for the end of a sentence
("I'm scared", "I can't go on") also accept the start of the next clause, as
children rarely type full stops, but not every way one can start.
The first call reads and compiles the pattern files (under a second);
call :func:`languages` at start-up to pay that before the first child writes.
"""

from __future__ import annotations

import logging
import re
import threading
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Concern", "Finding", "PatternFileError", "detect", "languages", "normal_form"]

PATTERN_PACKAGE = "bot.safeguarding.patterns"


class Concern(StrEnum):
    """What kind of danger a message may point to; decides who is told and how."""

    HARM_BY_OTHERS = "harm_by_others"
    SELF_HARM = "self_harm"
    RUNNING_AWAY = "running_away"
    UNSAFE_HOME = "unsafe_home"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason to alert a worker.

    ``rule`` is the id of the rule that matched (from the pattern file), so a
    reviewer can see why an alert was raised and tune the rules. It never holds
    the child's words: those stay in the child's protected answer.
    """

    concern: Concern
    language: str
    rule: str


class PatternFileError(ValueError):
    """A pattern file is broken. Raised at load time; names the file and rule only."""


# --------------------------------------------------------------------------
# Normalisation
#
# The same steps run over the child's text and over every pattern and
# replacement in the pattern files, so the two always meet in one form.

# Invisible characters that can sit inside a word without showing: zero-width
# spaces and joiners, bidi controls (common in right-to-left text), the soft
# hyphen, word joiner, BOM, Arabic tatweel (used to stretch words), variation
# selectors (emoji). Apostrophes are removed too, so "don't" reads "dont".
_INVISIBLE = "".join(
    [
        "\u00ad\u034f\u061c\u0640\u115f\u1160\u17b4\u17b5\u180e",
        "".join(chr(c) for c in range(0x200B, 0x2010)),
        "".join(chr(c) for c in range(0x202A, 0x202F)),
        "".join(chr(c) for c in range(0x2060, 0x2070)),
        "".join(chr(c) for c in range(0xFE00, 0xFE10)),
        "\ufeff\u3164\uffa0",
    ]
)
_APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u0060\u00b4\u2032"
_DELETE = str.maketrans(dict.fromkeys(_INVISIBLE + _APOSTROPHES, None))

# Combining marks (accents, Arabic harakat, Hebrew points, "zalgo" stacks) are
# dropped after decomposition: children often leave them out, so patterns
# must not depend on them.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0711\u0730-\u074a\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe20-\ufe2f]+"
)

# Digits and symbols standing for letters, only *inside* a word ("k1ll",
# "su1c1de", "h3lp"), so numbers ("14", "999") and text-speak ("b4", "sum1",
# which the replace tables handle) are left alone.
_LEET_HINT = re.compile(r"[013457@$!|]")
_LEET = re.compile(r"([a-z])([013457@$!|]+)(?=[a-z])")
_LEET_MAP = str.maketrans("013457@$!|", "oieastasii")

# Hyphens, dots, underscores and asterisks between letters separate words
# ("self-harm" -> "self harm", "k.i.l.l" -> "k i l l"). The regex starts with
# the separator so that `re` can skip quickly to candidates.
_JOINERS = re.compile(r"[-_.*](?<=[^\W\d_].)(?=[^\W\d_])")
# Three or more single letters in a row are one spaced-out word ("k i l l").
_SPACED_HINT = re.compile(r" [^\W\d_] [^\W\d_](?!\w)")
_SPACED = re.compile(r"\b[^\W\d_](?: [^\W\d_]\b){2,}")
# Every run of one repeated letter becomes one letter, in text and patterns
# alike: "killll", "pleeease", "misssing", "cuting" meet "kill", "please",
# "missing", "cutting". Squeezing both sides can only make more things match,
# never fewer. (Any repeated character is found, letters are squeezed: this
# form is several times faster in `re` than a letters-only one.)
_REPEATS = re.compile(r"(.)\1+", re.DOTALL)


# Letters children type for one another, one script at a time, folded to one
# letter (in text and patterns alike), and the scripts' own digits and
# punctuation read as ASCII ones, so clause breaks and numbers work the same:
# * Arabic script: the Persian/Urdu forms of yeh and kaf, teh marbuta, alef
#   maksura, heh goal and ae are what an Arabic keyboard types for them; the
#   dotted Pashto and Sorani letters (ټ ډ ړ ڼ ې ۍ ێ ڵ ڕ ۆ) are often typed as the
#   plain ones on a Farsi or Arabic keyboard. (Hamza seats and madda are marks,
#   dropped above.)
# * Ethiopic: the letters that sound alike in Amharic (ሐ/ኀ and ሀ, ሠ and ሰ,
#   ዐ and አ, ፀ and ጸ) are written either way; each whole series is folded.
#   The word space ፡ is a space; ። ፣ ፤ ፧ are . , ; ?
# * Vietnamese: đ is d, as a child typing without accents writes it.
# Folding only joins spellings: it can make more things match, never fewer.
_SCRIPT_FOLD = str.maketrans(
    {
        **dict.fromkeys("یێېۍےىئ", "ي"),
        **dict.fromkeys("کڪ", "ك"),
        **dict.fromkeys("ةۀەہھ", "ه"),
        "ټ": "ت",
        "ډ": "د",
        "ړ": "ر",
        "ڕ": "ر",
        "ڼ": "ن",
        "ڵ": "ل",
        "ۆ": "و",
        "ۊ": "و",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٪": "%",
        **{chr(0x1210 + i): chr(0x1200 + i) for i in range(8)},  # ሐ… -> ሀ…
        **{chr(0x1280 + i): chr(0x1200 + i) for i in range(8)},  # ኀ… -> ሀ…
        **{chr(0x1220 + i): chr(0x1230 + i) for i in range(8)},  # ሠ… -> ሰ…
        **{chr(0x12D0 + i): chr(0x12A0 + i) for i in range(7)},  # ዐ… -> አ…
        **{chr(0x1340 + i): chr(0x1338 + i) for i in range(7)},  # ፀ… -> ጸ…
        "፡": " ",
        "።": ".",
        "፣": ",",
        "፤": ";",
        "፥": ":",
        "፦": ":",
        "፧": "?",
        "đ": "d",
    }
)


def _squeeze_letters(match: re.Match[str]) -> str:
    """``re.sub`` callback: one letter for a run of it; other runs ("999", "!!") stay."""
    return match[1] if match[1].isalpha() else match[0]


def _normalise(text: str) -> str:
    """Bring text to the one form all patterns are written for.

    Steps, in order: drop invisible characters and apostrophes; Unicode NFKC
    (full-width and "fancy" letters become plain ones); casefold; drop
    combining marks; collapse whitespace; read digits/symbols inside words as
    letters; split words joined by ``-_.*``; join spaced-out letters; squeeze
    repeated letters. Language-specific spellings (text-speak) come after this,
    from each language's ``[replace]`` table.
    """
    text = unicodedata.normalize("NFKC", text.translate(_DELETE)).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))
        text = text.translate(_DELETE).translate(_SCRIPT_FOLD)  # NFKC can expose a few
    text = " ".join(text.split())
    if _LEET_HINT.search(text):
        text = _LEET.sub(lambda m: m[1] + m[2].translate(_LEET_MAP), text)
    text = _JOINERS.sub(" ", text)
    if _SPACED_HINT.search(" " + text):
        text = _SPACED.sub(lambda m: m[0].replace(" ", ""), text)
    return _REPEATS.sub(_squeeze_letters, text)


def _fold_pattern(source: str) -> str:
    """Give a regex's letters the text's normal form, leaving its syntax intact.

    Invisible characters, accents and repeated letters go, as in
    :func:`_normalise`; escapes such as ``\\bb`` are kept whole. (Case is
    not changed here, as that would turn ``\\W`` into ``\\w``: the loader
    refuses patterns that are not lower case instead.)
    """
    source = unicodedata.normalize("NFKC", source.translate(_DELETE))
    source = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", source)))
    source = source.translate(_SCRIPT_FOLD)
    out: list[str] = []
    previous = ""
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            previous = ""
            i += 2
            continue
        if not (char.isalpha() and char == previous):
            out.append(char)
        previous = char if char.isalpha() else ""
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------
# Pattern files


@dataclass(frozen=True)
class _Scanner:
    """Many rules compiled into one regex.

    Each alternative ends in an empty named group, so ``match.lastgroup``
    says which rule matched.
    """

    regex: re.Pattern[str]
    rule_of_group: Mapping[str, tuple[Concern, str]]

    def rule_at(self, match: re.Match[str]) -> tuple[Concern, str]:
        """The (concern, rule id) of the alternative that made ``match``."""
        return self.rule_of_group[match.lastgroup or ""]


# What a stretch that is set aside becomes: a clause break, so no rule can run
# across the place where it was ("he will , and" cannot read "he will hurt me").
_MASK = ","
# How far around a stretch the [set_aside] checks look, in words.
_WINDOW_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?;]")


@dataclass(frozen=True)
class _SetAside:
    """Stretches the rules must not read: negated harm, and the child as the one acting.

    A candidate is any place where a ``[[negation]]`` or ``[[actor]]`` pattern
    matches. There, every pattern is tried on its own and the longest stretch
    that *stands* is replaced by a clause break (:data:`_MASK`); the rules then
    read the rest of the message as before. A stretch stands only if it holds no
    clause break, nothing before it in its sentence voids it (``unless_before``:
    "he told me to say nobody hurts me"), nothing in the words after it voids it
    (``unless_after``: "he doesnt hit me, my brother does"), and -- for a
    negation -- it ends its clause (``ends``: not "he never hits me when mum is
    in"). A stretch that does not stand is read by the rules like any other
    words: when in doubt, the alert is raised.
    """

    candidates: re.Pattern[str]  # every pattern, one regex: where to look at all
    negation_candidates: re.Pattern[str] | None
    patterns: tuple[tuple[bool, re.Pattern[str]], ...]  # (is an actor pattern, pattern)
    clause_break: re.Pattern[str]
    ends: re.Pattern[str]
    unless_before: re.Pattern[str]
    unless_after: re.Pattern[str]

    def apply(self, text: str, *, actors: bool = True) -> str:
        """``text`` with every stretch that stands replaced by a clause break."""
        finder = self.candidates if actors else self.negation_candidates
        if finder is None:
            return text
        pieces: list[str] = []
        last = pos = 0
        while match := finder.search(text, pos):
            start = match.start()
            end = self._longest_standing(text, start, actors)
            if end is None:
                pos = start + 1
                continue
            pieces += [text[last:start], _MASK]
            last = pos = end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def _longest_standing(self, text: str, start: int, actors: bool) -> int | None:
        best: int | None = None
        for is_actor, pattern in self.patterns:
            if is_actor and not actors:
                continue
            match = pattern.match(text, start)
            longer = match is not None and (best is None or match.end() > best)
            if longer and self._stands(text, start, match.end(), is_actor):
                best = match.end()
        return best

    def _stands(self, text: str, start: int, end: int, is_actor: bool) -> bool:
        if self.clause_break.search(text, start, end):
            return False
        if not is_actor and not self.ends.match(text, end):
            return False
        before = text[max(0, start - 200) : start]
        sentence = _SENTENCE_END.split(before)[-1].split()[-_WINDOW_WORDS:]
        if self.unless_before.search(" ".join(sentence)):
            return False
        after = " ".join(text[end : end + 200].split()[:_WINDOW_WORDS])
        return not self.unless_after.search(after)


@dataclass(frozen=True)
class _Language:
    """One pattern file, checked and compiled."""

    code: str
    replacements: Mapping[str, str]
    replace_regex: re.Pattern[str] | None
    rule_ids: tuple[str, ...]
    anything: _Scanner  # every rule: finds the first place any rule matches
    by_concern: Mapping[Concern, _Scanner]  # then each concern is looked for on its own
    set_aside: _SetAside | None = None  # negations and the child's own actions

    def prepare(self, normalised: str) -> str:
        """Apply this language's ``[replace]`` table to already normalised text."""
        if self.replace_regex is None:
            return normalised
        return self.replace_regex.sub(lambda m: self.replacements[m[0]], normalised)

    def without_set_aside(self, prepared: str, *, actors: bool = True) -> str:
        """Prepared text with its negated stretches (and, if ``actors``, the child's
        own actions) replaced by a clause break; unchanged if the file has none."""
        if self.set_aside is None:
            return prepared
        return self.set_aside.apply(prepared, actors=actors)

    def scan(
        self, text: str, found: dict[Concern, str], match: re.Match[str] | None = None
    ) -> None:
        """Add to ``found`` the rule of each concern ``text`` matches and ``found`` lacks.

        ``match``, if given, is ``self.anything.regex.search(text)``, already done.
        """
        # One pass with every rule finds the first place anything matches
        # (usually there is none, and this is all the work done). There, ask
        # every concern; then look for each concern still missing on its own,
        # so a long message full of one concern cannot slow this down.
        if match is None:
            match = self.anything.regex.search(text)
        if match is None:
            return
        start = match.start()
        for concern, scanner in self.by_concern.items():
            if concern in found:
                continue
            if (here := scanner.regex.match(text, start)) or (
                here := scanner.regex.search(text, start + 1)
            ):
                found[concern] = scanner.rule_at(here)[1]


# --------------------------------------------------------------------------
# Compiling many patterns into one fast regex
#
# `re` tries the alternatives of a big alternation one by one at every word,
# which made a few hundred patterns cost over 10 ms on a 5,000-character
# message. But it skips, at C speed, any alternative that starts with a plain
# character other than the one in the text. So each pattern is split into
# (leading literal, rest) pairs -- "(?:kill|end) me" becomes "kill me" and
# "end me" -- and the literals are merged into a trie ("k(?:ill...|ick...)").
# The result matches exactly what the patterns match (tests compare the two);
# a pattern that cannot be split this way is kept whole.

_META = frozenset("\\()[]{}?*+|.^$")


def _group_end(source: str, start: int) -> int:
    """Index just past the ``)`` closing the group that opens at ``start``."""
    depth = 0
    in_class = False
    i = start
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced group")  # cannot happen: the pattern compiled


def _split_top(source: str) -> list[str]:
    """Split a regex at its top-level ``|`` (outside groups, classes, escapes)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    begin = 0
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[begin:i])
            begin = i + 1
        i += 1
    parts.append(source[begin:])
    return parts


def _alternatives(body: str) -> list[tuple[str, str]] | None:
    """Split a pattern into (literal, rest) pairs matching the same, or None.

    Handles what the pattern files use at the start of a pattern: top-level
    alternation, ``(?:a|b)`` groups (not optional ones), plain words, and
    lookbehinds without groups (``(?<!not )x`` becomes ``x(?<!not x)``, and
    ``(?<=\\w )x`` becomes ``x(?<=\\w x)``: the same test of the same characters,
    made after the literal so that the trie can start with it).
    """
    parts = _split_top(body)
    if len(parts) > 1:
        found: list[tuple[str, str]] = []
        for part in parts:
            sub = _alternatives(part)
            if sub is None:
                return None
            found.extend(sub)
        return found
    # Everything here sits at the start of the pattern, where \b already holds.
    body = body.removeprefix("\\b")
    lookbehinds: list[tuple[str, str]] = []
    while body.startswith(("(?<!", "(?<=")):
        end = _group_end(body, 0)
        inner = body[4 : end - 1]
        # Groups could hide a "|"; everything else in a lookbehind that compiled is
        # fixed width, so it stays fixed width with the literal after it.
        if not inner or "(" in inner or ")" in inner or "|" in inner:
            return None
        lookbehinds.append((body[:4], inner))
        body = body[end:]
    if body.startswith("(?:"):
        end = _group_end(body, 0)
        if body[end : end + 1] in ("?", "*", "+", "{"):
            return None
        found = []
        for part in _split_top(body[3 : end - 1]):
            sub = _alternatives(part + body[end:])
            if sub is None:
                return None
            found.extend(sub)
    else:
        i = 0
        while i < len(body) and body[i] not in _META:
            i += 1
        if i < len(body) and body[i] in "?*+{":
            i -= 1  # the last plain character is repeated or optional
        if i <= 0:
            return None
        found = [(body[:i], body[i:])]
    return [
        (literal, "".join(f"{kind}{inner}{literal})" for kind, inner in lookbehinds) + rest)
        for literal, rest in found
    ]


def _trie(items: list[tuple[str, str]]) -> str:
    """One alternation of (literal, rest) items, with common literal prefixes merged."""
    root: dict[str, Any] = {}
    for literal, rest in items:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(rest)
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    """Regex source for one trie node: its children's letters, then the rests ending here."""
    branches = [char + _emit(child) for char, child in node.items() if char]
    branches.extend(node.get("", []))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _build_scanner(rules: list[tuple[Concern, str, list[str]]]) -> _Scanner:
    """Compile every pattern of the given rules into one regex that names its rule."""
    items: list[tuple[str, str]] = []
    whole: list[str] = []
    rule_of_group: dict[str, tuple[Concern, str]] = {}
    for concern, rule_id, bodies in rules:
        for body in bodies:
            split = _alternatives(body)
            for literal, rest in split or [("", body)]:
                group = f"r{len(rule_of_group)}"
                rule_of_group[group] = (concern, rule_id)
                if split is None:
                    whole.append(f"(?:{rest})(?P<{group}>)")
                else:
                    items.append((literal, f"{rest}(?P<{group}>)"))
    branches = ([_trie(items)] if items else []) + whole
    regex = re.compile(r"\b(?:" + "|".join(branches) + ")")
    return _Scanner(regex, rule_of_group)


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_RULE_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
_TOP_KEYS = frozenset({"language", "name", "replace", "rules", "set_aside", "negation", "actor"})
_RULE_KEYS = frozenset({"id", "concern", "why", "patterns"})
_SET_ASIDE_KEYS = frozenset({"id", "why", "patterns"})
_SET_ASIDE_CHECKS = ("clause_break", "ends", "unless_before", "unless_after")
# What to blank out of a pattern before checking its words: escapes,
# character classes and counted repeats are regex syntax, not words, and a
# group straight after letters holds endings ("abus(?:e|ive)"), not words.
_REGEX_SYNTAX = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\{\d*,?\d*\}|(?<=[^\W\d_])\(\?:[^()]*\)")


def _parse_language(text: str, source: str) -> _Language:
    """Check and compile one pattern file; every mistake is a PatternFileError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PatternFileError(f"{source}: not valid TOML: {exc}") from exc
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PatternFileError(f"{source}: unknown keys {sorted(unknown)}")
    code = data.get("language")
    if not isinstance(code, str) or not _LANGUAGE_CODE.fullmatch(code):
        raise PatternFileError(f"{source}: 'language' must be a code such as 'en'")
    if source.removesuffix(".toml") != code:
        raise PatternFileError(f"{source}: file name must be {code}.toml")

    replacements, replace_regex = _parse_replacements(data.get("replace", {}), source)
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise PatternFileError(f"{source}: needs at least one [[rules]] table")

    parsed: list[tuple[Concern, str, list[str]]] = []
    for index, rule in enumerate(rules):
        rule_id, concern, bodies = _parse_rule(rule, f"{source}: rules[{index}]", replace_regex)
        if any(rule_id == seen for _, seen, _ in parsed):
            raise PatternFileError(f"{source}: rule id {rule_id!r} is used twice")
        parsed.append((concern, rule_id, bodies))

    by_concern = {
        concern: _build_scanner([rule for rule in parsed if rule[0] is concern])
        for concern in Concern
        if any(rule[0] is concern for rule in parsed)
    }
    rule_ids = tuple(rule_id for _, rule_id, _ in parsed)
    set_aside = _parse_set_aside(data, source, replace_regex)
    return _Language(
        code,
        replacements,
        replace_regex,
        rule_ids,
        _build_scanner(parsed),
        by_concern,
        set_aside,
    )


def _parse_set_aside(
    data: dict[str, Any], source: str, replace_regex: re.Pattern[str] | None
) -> _SetAside | None:
    """Check and compile ``[set_aside]``, ``[[negation]]`` and ``[[actor]]``, if any.

    Their ids are checked like rule ids; they cannot meet a rule's, which starts
    with a concern where these start with their kind ("negation.", "actor.").
    """
    tables: list[tuple[bool, str, list[str]]] = []
    for kind in ("negation", "actor"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise PatternFileError(f"{source}: write [[{kind}]] tables")
        for index, entry in enumerate(entries):
            where = f"{source}: {kind}[{index}]"
            if not isinstance(entry, dict):
                raise PatternFileError(f"{where}: must be a table")
            if unknown := set(entry) - _SET_ASIDE_KEYS:
                raise PatternFileError(f"{where}: unknown keys {sorted(unknown)}")
            entry_id = entry.get("id")
            if not isinstance(entry_id, str) or not _RULE_ID.fullmatch(entry_id):
                raise PatternFileError(f"{where}: 'id' must look like '{kind}.nobody_hurts_me'")
            where = f"{where} ({entry_id})"
            if not entry_id.startswith(f"{kind}."):
                raise PatternFileError(f"{where}: id must start with '{kind}.'")
            if any(entry_id == seen for _, seen, _ in tables):
                raise PatternFileError(f"{source}: id {entry_id!r} is used twice")
            if not isinstance(entry.get("why"), str) or not entry["why"].strip():
                raise PatternFileError(f"{where}: 'why' must say, for a reviewer, what it is for")
            patterns = entry.get("patterns")
            if not isinstance(patterns, list) or not patterns:
                raise PatternFileError(f"{where}: 'patterns' must be a non-empty list")
            bodies = [
                _check_pattern(p, f"{where}: patterns[{i}]", replace_regex)
                for i, p in enumerate(patterns)
            ]
            tables.append((kind == "actor", entry_id, bodies))
    settings = data.get("set_aside")
    if not tables:
        if settings is not None:
            raise PatternFileError(f"{source}: [set_aside] without [[negation]] or [[actor]]")
        return None
    if not isinstance(settings, dict) or set(settings) != set(_SET_ASIDE_CHECKS):
        raise PatternFileError(
            f"{source}: [[negation]] and [[actor]] need a [set_aside] table with exactly "
            + ", ".join(_SET_ASIDE_CHECKS)
        )
    checks = {
        key: re.compile(_check_regex(settings[key], f"{source}: set_aside.{key}", replace_regex))
        for key in _SET_ASIDE_CHECKS
    }

    def finder(chosen: list[list[str]]) -> re.Pattern[str] | None:
        bodies = [body for group in chosen for body in group]
        if not bodies:
            return None
        items: list[tuple[str, str]] = []
        whole: list[str] = []
        for body in bodies:
            split = _alternatives(body)
            if split is None:
                whole.append(f"(?:{body})")
            else:
                items.extend(split)
        return re.compile(r"\b(?:" + "|".join(([_trie(items)] if items else []) + whole) + ")")

    every = finder([bodies for _, _, bodies in tables])
    assert every is not None  # there is at least one table
    set_aside = _SetAside(
        candidates=every,
        negation_candidates=finder([bodies for actor, _, bodies in tables if not actor]),
        patterns=tuple(
            (actor, re.compile(r"\b(?:" + body + ")"))
            for actor, _, bodies in tables
            for body in bodies
        ),
        clause_break=checks["clause_break"],
        ends=checks["ends"],
        unless_before=checks["unless_before"],
        unless_after=checks["unless_after"],
    )
    return set_aside


def _parse_replacements(
    table: Any, source: str
) -> tuple[Mapping[str, str], re.Pattern[str] | None]:
    """Compile ``[replace]``: whole words or phrases, rewritten to one spelling."""
    if not isinstance(table, dict):
        raise PatternFileError(f"{source}: [replace] must be a table")
    replacements: dict[str, str] = {}
    for raw_key, raw_value in table.items():
        if not isinstance(raw_value, str):
            raise PatternFileError(f"{source}: replace[{raw_key!r}] must be a string")
        key, value = _normalise(raw_key), _normalise(raw_value)
        if not key or not re.fullmatch(r"\w(?:[\w ]*\w)?", key):
            raise PatternFileError(f"{source}: replace key {raw_key!r} must be words")
        if replacements.get(key, value) != value:
            raise PatternFileError(
                f"{source}: replace keys meet as {key!r} once normalised, "
                f"with different values ({replacements[key]!r}, {value!r})"
            )
        replacements[key] = value
    if not replacements:
        return replacements, None
    # Keys are words and spaces only, so each character is literal in a regex.
    regex = re.compile(r"\b" + _trie([(key, "") for key in replacements]) + r"\b")
    return replacements, regex


def _parse_rule(
    rule: Any, where: str, replace_regex: re.Pattern[str] | None
) -> tuple[str, Concern, list[str]]:
    """Check one ``[[rules]]`` table; return its id, concern and regex bodies."""
    if not isinstance(rule, dict):
        raise PatternFileError(f"{where}: must be a table")
    unknown = set(rule) - _RULE_KEYS
    if unknown:
        raise PatternFileError(f"{where}: unknown keys {sorted(unknown)}")
    rule_id = rule.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
        raise PatternFileError(f"{where}: 'id' must look like 'self_harm.kill_myself'")
    where = f"{where} ({rule_id})"
    try:
        concern = Concern(rule.get("concern"))
    except ValueError:
        choices = ", ".join(c.value for c in Concern)
        raise PatternFileError(f"{where}: 'concern' must be one of {choices}") from None
    if not rule_id.startswith(f"{concern.value}."):
        raise PatternFileError(f"{where}: id must start with '{concern.value}.'")
    if not isinstance(rule.get("why"), str) or not rule["why"].strip():
        raise PatternFileError(f"{where}: 'why' must say, for a reviewer, what the rule is for")
    patterns = rule.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise PatternFileError(f"{where}: 'patterns' must be a non-empty list")
    bodies = [
        _check_pattern(p, f"{where}: patterns[{i}]", replace_regex) for i, p in enumerate(patterns)
    ]
    return rule_id, concern, bodies


def _check_pattern(pattern: Any, where: str, replace_regex: re.Pattern[str] | None) -> str:
    """Check one pattern is written for normalised text; return it squeezed, minus ``\\b``."""
    if not isinstance(pattern, str) or not pattern.startswith(r"\b"):
        raise PatternFileError(f"{where}: must be a string starting with \\b")
    return _check_regex(pattern, where, replace_regex).removeprefix(r"\b")


def _check_regex(pattern: Any, where: str, replace_regex: re.Pattern[str] | None) -> str:
    """Check a regex is written for normalised text; return it squeezed like the text."""
    if not isinstance(pattern, str):
        raise PatternFileError(f"{where}: must be a string")
    words = _REPEATS.sub(_squeeze_letters, _REGEX_SYNTAX.sub(" ", pattern))
    if any(c in pattern for c in _APOSTROPHES) or words != words.casefold():
        raise PatternFileError(f"{where}: write lower case with no apostrophes ('dont', 'im')")
    if _JOINERS.search(words):
        raise PatternFileError(f"{where}: write 'self harm', not 'self-harm' (text has spaces)")
    if replace_regex is not None and (hit := replace_regex.search(words)):
        raise PatternFileError(
            f"{where}: {hit[0]!r} never reaches patterns (the [replace] table rewrites it)"
        )
    squeezed = _fold_pattern(pattern)
    try:
        compiled = re.compile(squeezed)
    except re.error as exc:
        raise PatternFileError(f"{where}: not a valid regex: {exc}") from exc
    if compiled.groups:
        raise PatternFileError(f"{where}: use (?:...) groups only, not capturing ones")
    return squeezed


_compiling = threading.Lock()
log = logging.getLogger(__name__)


def _compiled() -> dict[str, _Language]:
    """Every language's patterns; whoever asks first compiles them, and anyone who
    asks meanwhile waits for that (never screening with half the patterns)."""
    with _compiling:
        return _load_languages()


def compiled() -> bool:
    """Are the patterns ready, so that words are screened without waiting?"""
    return _load_languages.cache_info().currsize > 0


def compile_in_background() -> threading.Thread:
    """Compile the patterns off the start-up path: the bot starts polling at once, and
    words that arrive before the patterns are ready wait for them (a few seconds, once)."""

    def compile_all() -> None:
        try:
            _compiled()
        except Exception:
            # Screening will raise it again and fall back to the numbers to call.
            log.exception("the disclosure patterns could not be compiled")

    thread = threading.Thread(target=compile_all, name="disclosure-patterns", daemon=True)
    thread.start()
    return thread


@cache
def _load_languages() -> dict[str, _Language]:
    """Read and compile every pattern file once per process."""
    folder = resources.files(PATTERN_PACKAGE)
    loaded: dict[str, _Language] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            language = _parse_language(entry.read_text(encoding="utf-8"), entry.name)
            loaded[language.code] = language
    if not loaded:
        raise PatternFileError(f"{PATTERN_PACKAGE}: no pattern files found")
    return loaded


# --------------------------------------------------------------------------
# Public API


def languages() -> tuple[str, ...]:
    """Codes of the languages with a pattern file, e.g. ``("en",)``."""
    return tuple(_compiled())


def normal_form(text: str) -> str:
    """``text`` as the patterns (and a ``retell`` function) see it, before each
    language's ``[replace]`` table: lower case, no apostrophes or accents,
    repeated letters squeezed ("Anna's" -> "anas")."""
    return _normalise(text)


def detect(text: str, *, retell: Callable[[str], str] | None = None) -> list[Finding]:
    """The concerns the text may point to: empty when nothing matched.

    Runs the patterns of every language, not only the child's chosen one, and
    returns at most one Finding per language and concern, in the order of
    :class:`Concern`. Its rule is one that matched, the earliest in the text
    (more rules may match too; one reason is enough to alert).

    Negated harm ("nobody hurts me") and the child's own actions ("I hit the
    ball", "I kicked my brother") are set aside first, as the pattern file's
    ``[[negation]]`` and ``[[actor]]`` tables say; everything else is read.

    ``retell``, if given, rewrites the text once more for a second reading
    (:mod:`bot.safeguarding.screening` turns "she" into "I" this way). It is
    given each language's normalised text with those stretches already set
    aside, and its findings are added for the concerns not yet found. In the
    retold text only negations are set aside, never actions: its "I" may have
    been "he" ("he hits his sister" is read as "I hit my sister", and alerts).
    """
    if not isinstance(text, str):
        raise TypeError("detect() takes a str")  # say nothing about the value
    normalised = _normalise(text)
    if not normalised:
        return []
    findings: list[Finding] = []
    for language in _compiled().values():
        prepared = language.prepare(normalised)
        found: dict[Concern, str] = {}
        read: str | None = None
        # Setting aside can only take alerts away, so it is only worth doing
        # where some rule matches at all (for most messages, none does).
        if match := language.anything.regex.search(prepared):
            read = language.without_set_aside(prepared)
            # Nothing set aside (the same string back): the first search stands.
            language.scan(read, found, match if read is prepared else None)
        if retell is not None and len(found) < len(language.by_concern):
            if read is None:
                read = language.without_set_aside(prepared)
            retold = retell(read)
            if retold != read and language.anything.regex.search(retold):
                language.scan(language.without_set_aside(retold, actors=False), found)
        findings.extend(
            Finding(concern, language.code, found[concern])
            for concern in Concern
            if concern in found
        )
    return findings
