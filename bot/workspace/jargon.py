"""Check an IRO's summary to a child for care jargon, before it is sent.

IROs write the review summary *to* the child, in the child's own words and with
no abbreviations (Language that Cares, /work/shared/domain.md). Before the
summary goes, :func:`check_summary` finds:

* care jargon ("placement", "contact", "LAC review", "respite", ...);
* abbreviations ("IRO", "SW", "PEP", and any other word of 2-5 capitals that
  children do not use themselves);
* plain words that are not what *this* child calls the thing ("your home" for a
  child who calls it "Nan's"),

and says what to write instead: the child's own word when they have one, else
the default from the Language that Cares table. :func:`apply` rewrites the
text with the suggestions the IRO accepted.

The rules are data, in ``messages/jargon.toml`` (its header explains the format
and the decisions, such as when "contact" is a verb and left alone).

Typical use::

    words = words_for(session, child)            # the child's words, IRO's name...
    suggestions = check_summary(text, words, words["name"])
    if suggestions:
        ...show them to the IRO; if accepted:
        text = apply(text, suggestions)

``child_words`` may be :func:`bot.words.words_for` (the child's words over the
defaults, plus ``iro``, the IRO's first name) or only what the child chose
(:func:`bot.words.chosen_words`). A value equal to ``words.toml``'s default
counts as "not chosen".

Spans are Python string indices (code points), not Telegram's UTF-16 offsets.
Nothing here logs, and no exception carries the summary's text.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from string import Formatter
from typing import Any

from messages.questions import WORD_KEYS, load_word_prompts

__all__ = [
    "JargonDataError",
    "Reason",
    "Rules",
    "Suggestion",
    "apply",
    "check_summary",
    "load_rules",
    "parse_rules",
]

JARGON_FILE = "jargon.toml"
SUPPORTED_VERSION = 1
#: Placeholders a replacement may use: the child's words, their name, the IRO's name.
PLACEHOLDERS: frozenset[str] = frozenset({*WORD_KEYS, "name", "iro"})
#: The term id of the catch-all abbreviation rule.
ABBREVIATION = "abbreviation"

_DETERMINER = r"(?:(?P<det>your|the|this|an?)\s+)?"
# A replacement that brings its own determiner: the word in front of the term goes.
_OWN_DETERMINERS = frozenset(
    {"your", "the", "a", "an", "my", "our", "his", "her", "their", "someone", "people"}
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CAPITALS = re.compile(r"[A-Z]{2,5}s?")
_LINKS = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+\.\S+", re.IGNORECASE)
_SENTENCE_END = frozenset(".!?…")
_OPENERS = frozenset("\"'“‘([«")
_BULLETS = frozenset("-•*–")


class JargonDataError(ValueError):
    """``jargon.toml`` is broken. Raised at load time; names the entry at fault."""


class Reason(StrEnum):
    """Why a word was flagged."""

    JARGON = "jargon"
    ABBREVIATION = "abbreviation"
    NOT_CHILDS_WORD = "not_childs_word"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One thing in the summary to change.

    ``text[start:end] == found``. ``replacement`` is what to write instead,
    already fitted to the sentence (a capital at the start of one); None when
    only the IRO can say it better (an unknown abbreviation) — ``advice`` then
    says what to do. ``word_key`` is the Language that Cares key the
    replacement comes from, and ``childs_own`` whether it is a word the child
    chose (so the IRO can be told "Sky calls it ...").
    """

    start: int
    end: int
    found: str
    reason: Reason
    term: str
    replacement: str | None
    word_key: str | None = None
    childs_own: bool = False
    advice: str | None = None


@dataclass(frozen=True, slots=True)
class _Form:
    term: str
    reason: Reason
    regex: re.Pattern[str]
    instead: str | None
    word: str | None
    with_object: bool
    advice: str | None
    order: int


@dataclass(frozen=True, slots=True)
class Rules:
    """``jargon.toml``, checked and compiled."""

    forms: tuple[_Form, ...]
    known: frozenset[str]
    emphasis: frozenset[str]
    abbreviation_advice: str
    repeated_advice: str


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    det: str | None
    form: _Form | None  # None: the catch-all abbreviation rule


# --------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------


def check_summary(text: str, child_words: Mapping[str, str], child_name: str) -> list[Suggestion]:
    """Everything in ``text`` to change before it goes to the child, in order.

    ``child_words`` maps Language that Cares keys (home, carers, family_time,
    meeting, social_worker) to the child's words, as the bot says them to the
    child ("Nan's", "seeing Mum", "your review", "Ama"); ``iro`` (the IRO's
    first name) is used for "IRO" when present. ``child_name`` is the name the
    child is called by. Suggestions never overlap.
    """
    rules = load_rules()
    defaults = {prompt.key: prompt.default for prompt in load_word_prompts()}
    given = {key: value for key in WORD_KEYS if (value := _clean(child_words.get(key)))}
    chosen = {
        key: value for key, value in given.items() if value.casefold() != defaults[key].casefold()
    }
    values: dict[str, str | None] = {**defaults, **given}
    values["name"] = _clean(child_name)
    values["iro"] = _clean(child_words.get("iro"))

    protected = _protected_spans(
        text, [*chosen.values(), values["name"], values["iro"], _clean(child_words.get("iro_name"))]
    )
    candidates: list[tuple[_Candidate, Suggestion]] = []
    for candidate in _candidates(text, rules, chosen):
        if _inside(candidate.start, candidate.end, protected):
            continue
        suggestion = _suggest(text, candidate, rules, values, given, chosen)
        if suggestion.replacement is not None and (
            suggestion.replacement.casefold() == suggestion.found.casefold()
        ):
            continue
        candidates.append((candidate, suggestion))

    candidates.sort(
        key=lambda pair: (pair[1].start, -(pair[1].end - pair[1].start), _order(pair[0]))
    )
    picked: list[Suggestion] = []
    reached = 0
    for _, suggestion in candidates:
        if suggestion.start >= reached:
            picked.append(suggestion)
            reached = suggestion.end
    return picked


def _order(candidate: _Candidate) -> int:
    return candidate.form.order if candidate.form else 1_000_000


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _candidates(text: str, rules: Rules, chosen: Mapping[str, str]) -> Iterable[_Candidate]:
    for form in rules.forms:
        if form.reason is Reason.NOT_CHILDS_WORD and form.word not in chosen:
            continue
        for match in form.regex.finditer(text):
            det = match.groupdict().get("det")
            yield _Candidate(match.start(), match.end(), det, form)
    yield from _capitals(text, rules)


def _capitals(text: str, rules: Rules) -> Iterable[_Candidate]:
    """Words of 2-5 capitals that are neither known to children nor shouting."""
    words = list(_WORD.finditer(text))
    for index, word in enumerate(words):
        token = word.group(0)
        if not _CAPITALS.fullmatch(token):
            continue
        stem = token[:-1] if token.endswith("s") else token
        if token in rules.known or stem in rules.known or token in rules.emphasis:
            continue
        neighbours = [words[i].group(0) for i in (index - 1, index + 1) if 0 <= i < len(words)]
        if any(_is_shouting(other, rules) for other in neighbours):
            continue
        yield _Candidate(word.start(), word.end(), None, None)


def _is_shouting(word: str, rules: Rules) -> bool:
    if len(word) < 2 or not word.isalpha() or not word.isupper():
        return False
    return word in rules.emphasis or len(word) > 5


def _protected_spans(text: str, words: Iterable[str | None]) -> list[tuple[int, int]]:
    """Where the child's own words, the names and web addresses are: never flagged."""
    spans = [(m.start(), m.end()) for m in _LINKS.finditer(text)]
    for word in words:
        if not word:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
        # Each part of a name ("Sky" of "Sky Test"; "AJ").
        for part in word.split():
            if len(part) >= 2 and part[:1].isupper():
                exact = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
                spans.extend((m.start(), m.end()) for m in exact.finditer(text))
    return spans


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _suggest(
    text: str,
    candidate: _Candidate,
    rules: Rules,
    values: Mapping[str, str | None],
    given: Mapping[str, str],
    chosen: Mapping[str, str],
) -> Suggestion:
    form = candidate.form
    start, end = candidate.start, candidate.end
    if form is None:
        return Suggestion(
            start=start,
            end=end,
            found=text[start:end],
            reason=Reason.ABBREVIATION,
            term=ABBREVIATION,
            replacement=None,
            advice=rules.abbreviation_advice,
        )
    word_key = form.word
    if form.reason is Reason.NOT_CHILDS_WORD:
        base: str | None = chosen[form.word]  # type: ignore[index]
    elif form.word and form.word in given:
        base = given[form.word]
    else:
        word_key = None
        base = _fill(form.instead, values) if form.instead is not None else None
    replacement = None
    advice = form.advice
    if base is not None:
        if form.with_object:
            base, end = _take_object(text, end, base)
        replacement = _with_determiner(candidate.det, base)
        replacement = _fit_case(text, start, text[start:end], replacement)
        if _repeats(text, start, replacement):
            replacement, advice = None, rules.repeated_advice
    return Suggestion(
        start=start,
        end=end,
        found=text[start:end],
        reason=form.reason,
        term=form.term,
        replacement=replacement,
        word_key=word_key,
        childs_own=word_key is not None and word_key in chosen,
        advice=advice,
    )


def _repeats(text: str, start: int, replacement: str) -> bool:
    """Whether the words just before say it already: "Jo (IRO)" must not become "Jo (Jo)"."""
    before = text[:start].rstrip(" \t(,:–-")
    said = replacement.casefold()
    return before.casefold().endswith(said) and not before[: len(before) - len(said)][-1:].isalnum()


def _fill(template: str, values: Mapping[str, str | None]) -> str | None:
    """The template with its placeholders, or None if one has no value."""
    needed = {name for _, name, _, _ in Formatter().parse(template) if name}
    if any(not values.get(name) for name in needed):
        return None
    return template.format_map({name: values[name] for name in needed})


_GERUND = re.compile(r"[^\W\d_]{2,}ing\b")
_WITH_AFTER = re.compile(r"[ \t]+with\b", re.IGNORECASE)


def _take_object(text: str, end: int, base: str) -> tuple[str, int]:
    """ "contact with Dad" -> "seeing Dad" when the child says "seeing Mum"."""
    follows = _WITH_AFTER.match(text, end)
    if follows is None:
        return base, end
    gerund = _GERUND.match(base)
    if gerund is not None:
        return gerund.group(0), follows.end()
    at = base.casefold().find(" with ")
    if at >= 0:
        return base[: at + len(" with")], follows.end()
    return base, end


def _brings_determiner(base: str) -> bool:
    first = base.split(" ", 1)[0]
    return (
        first.casefold() in _OWN_DETERMINERS
        or first[:1].isupper()
        or first.endswith(("'s", "’s"))
        or _GERUND.fullmatch(first) is not None
    )


def _with_determiner(det: str | None, base: str) -> str:
    if det is None or _brings_determiner(base):
        return base
    if det.casefold() in ("a", "an"):
        article = "an" if base[:1].casefold() in "aeiou" else "a"
        det = article.capitalize() if det[:1].isupper() else article
    return f"{det} {base}"


def _sentence_start(text: str, at: int) -> bool:
    """Whether position ``at`` begins a sentence, a line or a list item."""
    i = at - 1
    while i >= 0:
        ch = text[i]
        if ch == "\n":
            return True
        if ch.isspace() or ch in _OPENERS or unicodedata.category(ch) in ("Mn", "Cf"):
            i -= 1
            continue
        break
    if i < 0:
        return True
    ch = text[i]
    if ch in _SENTENCE_END or unicodedata.category(ch) in ("So", "Sk"):
        return True
    if ch in _BULLETS:
        before = text[:i].rstrip(" \t")
        return not before or before.endswith("\n")
    return False


def _fit_case(text: str, start: int, found: str, replacement: str) -> str:
    """A capital for the replacement where the IRO began a sentence with the old word."""
    if replacement and found[:1].isupper() and _sentence_start(text, start):
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --------------------------------------------------------------------------
# Rewriting
# --------------------------------------------------------------------------


def apply(text: str, suggestions: Iterable[Suggestion]) -> str:
    """``text`` with each suggestion that has a replacement put in.

    Pass all of :func:`check_summary`'s suggestions, or only those the IRO
    accepted. A capital stays at the start of a sentence. Applying the same
    suggestions again to the text they were already applied to changes nothing
    (a double-tapped button), so ``apply(apply(t, s), s) == apply(t, s)``.

    Raises ValueError if the suggestions overlap or were made for another text.
    """
    chosen = sorted((s for s in suggestions if s.replacement is not None), key=lambda s: s.start)
    for before, after in itertools.pairwise(chosen):
        if after.start < before.end:
            raise ValueError("suggestions overlap")
    if all(text[s.start : s.end] == s.found for s in chosen):
        parts: list[str] = []
        at = 0
        for s in chosen:
            parts.append(text[at : s.start])
            parts.append(_fit_case(text, s.start, s.found, s.replacement))  # type: ignore[arg-type]
            at = s.end
        parts.append(text[at:])
        return "".join(parts)
    if _already_applied(text, chosen):
        return text
    raise ValueError("the suggestions were made for a different text")


def _already_applied(text: str, chosen: Sequence[Suggestion]) -> bool:
    shift = 0
    for s in chosen:
        replacement: str = s.replacement  # type: ignore[assignment]
        at = s.start + shift
        if text[at : at + len(replacement)].casefold() != replacement.casefold():
            return False
        shift += len(replacement) - (s.end - s.start)
    return True


# --------------------------------------------------------------------------
# Loading jargon.toml
# --------------------------------------------------------------------------


@cache
def load_rules() -> Rules:
    """The rules from ``messages/jargon.toml``, checked and compiled (once)."""
    source = resources.files("messages").joinpath(JARGON_FILE)
    return parse_rules(source.read_text(encoding="utf-8"), source=JARGON_FILE)


_TERM_FIELDS = frozenset({"id", "kind", "forms"})
_FORM_FIELDS = frozenset(
    {"match", "instead", "word", "determiner", "with_object", "case_sensitive", "advice"}
)
_INHERITED = frozenset({"instead", "word", "determiner", "with_object", "case_sensitive", "advice"})
_KINDS = {"jargon": Reason.JARGON, "abbreviation": Reason.ABBREVIATION}
_FLAGS = {"determiner": True, "with_object": False, "case_sensitive": False}


def parse_rules(text: str, *, source: str = "<string>") -> Rules:
    """Check and compile the text of a jargon file; JargonDataError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise JargonDataError(f"{source}: not valid TOML: {exc}") from exc
    if data.get("version") != SUPPORTED_VERSION:
        raise JargonDataError(f"{source}: version must be {SUPPORTED_VERSION}")
    _only(data, {"version", "advice", "abbreviations", "term", "own_word"}, source)

    forms: list[_Form] = []
    seen: set[str] = set()
    for index, raw in enumerate(_tables(data, "term", source)):
        where = f"{source}: term {index + 1}"
        _only(raw, _TERM_FIELDS | _INHERITED, where)
        term = _text(raw, "id", where)
        where = f"{source}: term {term!r}"
        if term in seen:
            raise JargonDataError(f"{where}: the id is used twice")
        seen.add(term)
        kind = raw.get("kind")
        if kind not in _KINDS:
            raise JargonDataError(f"{where}: kind must be one of {sorted(_KINDS)}")
        defaults = {key: raw[key] for key in _INHERITED if key in raw}
        raw_forms = raw.get("forms")
        if not isinstance(raw_forms, list) or not raw_forms:
            raise JargonDataError(f"{where}: forms must be a non-empty list")
        for number, raw_form in enumerate(raw_forms, start=1):
            if not isinstance(raw_form, dict):
                raise JargonDataError(f"{where}, form {number}: must be a table")
            _only(raw_form, _FORM_FIELDS, f"{where}, form {number}")
            merged = {**defaults, **raw_form}
            forms.append(
                _compile(merged, term, _KINDS[kind], len(forms), f"{where}, form {number}")
            )

    for index, raw in enumerate(_tables(data, "own_word", source), start=1):
        where = f"{source}: own_word {index}"
        _only(raw, {"word", "match", "with_object"}, where)
        merged = {**raw, "determiner": False}
        if raw.get("word") not in WORD_KEYS:
            raise JargonDataError(f"{where}: word must be one of {WORD_KEYS}")
        forms.append(
            _compile(merged, f"own_word:{raw['word']}", Reason.NOT_CHILDS_WORD, len(forms), where)
        )

    abbreviations = data.get("abbreviations", {})
    where = f"{source}: [abbreviations]"
    if not isinstance(abbreviations, dict):
        raise JargonDataError(f"{where}: must be a table")
    _only(abbreviations, {"advice", "known", "emphasis"}, where)
    known = _word_list(abbreviations, "known", where)
    emphasis = _word_list(abbreviations, "emphasis", where)
    advice = _text(abbreviations, "advice", where)
    general = data.get("advice", {})
    if not isinstance(general, dict):
        raise JargonDataError(f"{source}: [advice] must be a table")
    _only(general, {"repeated"}, f"{source}: [advice]")
    repeated = _text(general, "repeated", f"{source}: [advice]")
    return Rules(tuple(forms), known, emphasis, advice, repeated)


def _compile(raw: Mapping[str, Any], term: str, reason: Reason, order: int, where: str) -> _Form:
    patterns = raw.get("match")
    if isinstance(patterns, str):
        patterns = [patterns]
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) and p.strip() for p in patterns)
    ):
        raise JargonDataError(f"{where}: match must be a pattern or a list of patterns")
    for pattern in patterns:
        try:
            groups = re.compile(pattern).groups
        except re.error as exc:
            raise JargonDataError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
        if groups:
            raise JargonDataError(f"{where}: use (?:...), not capturing groups, in {pattern!r}")
    flags = {key: raw.get(key, default) for key, default in _FLAGS.items()}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise JargonDataError(f"{where}: {key} must be true or false")
    body = "|".join(f"(?:{p})" for p in patterns)
    prefix = _DETERMINER if flags["determiner"] else ""
    regex = re.compile(rf"\b{prefix}(?:{body})\b", 0 if flags["case_sensitive"] else re.IGNORECASE)
    instead = raw.get("instead")
    if instead is not None:
        if not isinstance(instead, str) or not instead.strip():
            raise JargonDataError(f"{where}: instead must be some words")
        try:
            names = {name for _, name, _, _ in Formatter().parse(instead) if name is not None}
        except ValueError as exc:
            raise JargonDataError(f"{where}: instead: {exc}") from exc
        unknown = names - PLACEHOLDERS
        if unknown:
            raise JargonDataError(f"{where}: unknown placeholder {sorted(unknown)[0]!r}")
    word = raw.get("word")
    if word is not None and word not in WORD_KEYS:
        raise JargonDataError(f"{where}: word must be one of {WORD_KEYS}")
    advice = raw.get("advice")
    if advice is not None and (not isinstance(advice, str) or not advice.strip()):
        raise JargonDataError(f"{where}: advice must be some words")
    return _Form(
        term=term,
        reason=reason,
        regex=regex,
        instead=instead,
        word=word,
        with_object=flags["with_object"],
        advice=advice,
        order=order,
    )


def _tables(data: Mapping[str, Any], field: str, source: str) -> list[dict[str, Any]]:
    value = data.get(field, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise JargonDataError(f"{source}: {field} must be a list of tables ([[{field}]])")
    return value


def _only(raw: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    extra = set(raw) - set(allowed)
    if extra:
        raise JargonDataError(f"{where}: unknown field {sorted(extra)[0]!r}")


def _text(raw: Mapping[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise JargonDataError(f"{where}: {field} is needed")
    return value


def _word_list(raw: Mapping[str, Any], field: str, where: str) -> frozenset[str]:
    value = raw.get(field, [])
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.isupper() and item.isalpha() for item in value
    ):
        raise JargonDataError(f"{where}: {field} must be a list of words in capitals")
    return frozenset(value)
