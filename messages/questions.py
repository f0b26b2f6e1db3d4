"""The My Review question set and the Language that Cares words, as typed data.

The questions live in ``questions.toml`` and the words the child chooses for
their own life in ``words.toml`` (both next to this file; their headers
describe the format). Both are checked when loaded, so a mistake in the data
fails at start-up with a message that names the question or word at fault.

Typical use::

    qs = load_question_set()
    band = age_band(child_age)                # None: under 4, no consultation
    for q in qs.for_band(band):
        text = render(q.text_for(band), child_words_by_placeholder)

Placeholders in any child-facing text are limited to :data:`PLACEHOLDERS`.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from messages.text import N_

__all__ = [
    "BANDS",
    "DEFAULT_BAND",
    "IRO_FALLBACK",
    "KINDS",
    "KINDS_WITH_OPTIONS",
    "MAX_LABEL_CHARS",
    "MAX_OPTION_KEY_CHARS",
    "MAX_QUESTION_KEY_CHARS",
    "MAX_WORD_CHARS",
    "PLACEHOLDERS",
    "WORD_KEYS",
    "Option",
    "Question",
    "QuestionDataError",
    "QuestionSet",
    "Section",
    "Suggestion",
    "WordPrompt",
    "age_band",
    "child_words",
    "default_words",
    "load_question_set",
    "load_word_prompts",
    "parse_question_set",
    "parse_word_prompts",
    "placeholders_in",
    "render",
]

_HERE = Path(__file__).parent
QUESTIONS_FILE = "questions.toml"
WORDS_FILE = "words.toml"
SUPPORTED_VERSION = 1

#: Age bands, youngest first. Each question lists the bands it is asked in.
BANDS: tuple[str, ...] = ("4-8", "9-12", "13+")
#: The band used when the child's age is not known.
DEFAULT_BAND = "9-12"
#: Field-name suffix for a band-specific wording: ``text_4_8``, ``hint_13``...
_BAND_SUFFIX: Mapping[str, str] = MappingProxyType({"4-8": "4_8", "9-12": "9_12", "13+": "13"})

#: Answer kinds. ``single``/``multi`` are buttons (and need options), ``scale`` is
#: the five-point emoji feelings scale, ``text`` a few words (photo or voice
#: also accepted), ``photo`` and ``voice`` invite a photo or a voice note.
KINDS: tuple[str, ...] = ("single", "multi", "scale", "text", "photo", "voice")
KINDS_WITH_OPTIONS: frozenset[str] = frozenset({"single", "multi"})

#: Every placeholder allowed in child-facing text, and what it means.
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "home": 'what the child calls where they live, read after "at": "home", "Nan\'s"',
        "carers": 'the people who look after the child: "Nan", "your foster family"',
        "family_time": 'time with family, a noun phrase: "family time", "seeing Mum"',
        "meeting": 'the review meeting, with its "your": "your meeting", "your review"',
        "social_worker": 'the child\'s social worker: "your social worker", "Ama"',
        "iro": "the first name of the child's Independent Reviewing Officer",
    }
)
#: The placeholders the child chooses words for (words.toml); ``iro`` comes
#: from the child's record instead.
WORD_KEYS: tuple[str, ...] = ("home", "carers", "family_time", "meeting", "social_worker")
#: Used for ``{iro}`` when the IRO's name is not known; may use ``{meeting}``.
IRO_FALLBACK = N_("the person who runs {meeting}")

MAX_QUESTION_KEY_CHARS = 24
MAX_OPTION_KEY_CHARS = 12
#: Telegram buttons are cut short beyond about this many characters.
MAX_LABEL_CHARS = 30
#: The longest word or phrase a child's choice may be (it can appear on a button).
MAX_WORD_CHARS = 30

_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_QUESTION_KEY_RE = re.compile(r"([a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*")
_OPTION_KEY_RE = re.compile(r"[a-z0-9_]+")
_FORMATTER = string.Formatter()


class QuestionDataError(ValueError):
    """The question or word data is broken; the message says where and how."""


# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    """One button of a ``single`` or ``multi`` question."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    emoji: str


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    section: str
    kind: str
    bands: tuple[str, ...]
    text: str
    options: tuple[Option, ...] = ()
    hint: str | None = None
    low: str | None = None
    high: str | None = None
    #: ``(band, text)`` pairs overriding ``text`` for one band.
    band_texts: tuple[tuple[str, str], ...] = ()
    #: ``(band, hint)`` pairs overriding ``hint`` for one band.
    band_hints: tuple[tuple[str, str], ...] = ()

    def asked_in(self, band: str) -> bool:
        return _check_band(band) in self.bands

    def text_for(self, band: str) -> str:
        """The question's wording for ``band`` (a template: see :func:`render`)."""
        return dict(self.band_texts).get(_check_band(band), self.text)

    def hint_for(self, band: str) -> str | None:
        return dict(self.band_hints).get(_check_band(band), self.hint)

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"question {self.key!r} has no option {key!r}")

    def templates(self) -> tuple[str, ...]:
        """Every child-facing string of this question, placeholders unfilled."""
        out = [self.text, *(t for _, t in self.band_texts)]
        out += [h for h in (self.hint, *(h for _, h in self.band_hints)) if h]
        out += [o.label for o in self.options]
        out += [w for w in (self.low, self.high) if w]
        return tuple(out)


@dataclass(frozen=True, slots=True)
class QuestionSet:
    version: int
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def for_band(self, band: str) -> tuple[Question, ...]:
        """The questions asked in ``band``, in the order they are asked."""
        band = _check_band(band)
        return tuple(q for q in self.questions if band in q.bands)

    def sections_for_band(self, band: str) -> tuple[Section, ...]:
        """The sections with at least one question for ``band``, in order."""
        used = {q.section for q in self.for_band(band)}
        return tuple(s for s in self.sections if s.key in used)

    def in_section(self, key: str, band: str | None = None) -> tuple[Question, ...]:
        section = self.section(key).key
        questions = self.questions if band is None else self.for_band(band)
        return tuple(q for q in questions if q.section == section)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"no section {key!r}")

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(f"no question {key!r}")

    def templates(self) -> tuple[str, ...]:
        """Every child-facing string in the set (section titles and questions)."""
        out = [s.title for s in self.sections]
        for q in self.questions:
            out += q.templates()
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A button offered when asking for the child's word.

    ``label`` is what the child taps, in their voice ("My house"); ``value``
    is what the bot then says to them ("your house").
    """

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class WordPrompt:
    """How to ask the child for their word for one placeholder."""

    key: str
    ask: str
    default: str
    example: str
    suggestions: tuple[Suggestion, ...]
    hint: str | None = None
    drop_leading: tuple[str, ...] = ()

    def value_from(self, answer: str) -> str | None:
        """The words the bot will use, from what the child typed.

        Drops a leading word listed in ``drop_leading`` ("at Nan's" -> "Nan's")
        and turns the child's "my"/"me" into "your"/"you" (:func:`child_words`).
        Returns None when nothing usable is left or the answer is longer than
        :data:`MAX_WORD_CHARS`: ask again (or keep the current word).
        """
        text = " ".join(answer.split())
        for prefix in self.drop_leading:
            if text.lower().startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                break
        value = child_words(text)
        if not value or len(value) > MAX_WORD_CHARS:
            return None
        return value


# --------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------


def age_band(age_years: int | None) -> str | None:
    """The question band for a child's age in whole years.

    None for a child under 4 (no consultation: participation code PN0);
    "4-8", "9-12" or "13+" otherwise; :data:`DEFAULT_BAND` if the age is unknown.
    """
    if age_years is None:
        return DEFAULT_BAND
    if age_years < 0:
        raise ValueError(f"age cannot be negative: {age_years}")
    if age_years < 4:
        return None
    if age_years <= 8:
        return "4-8"
    if age_years <= 12:
        return "9-12"
    return "13+"


def placeholders_in(template: str) -> frozenset[str]:
    """The placeholder names used in ``template`` (raises ValueError if malformed)."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name is not None)


_FIRST_PERSON = {
    "my": "your",
    "me": "you",
    "mine": "yours",
    "myself": "yourself",
    "i": "you",
    "i'm": "you're",
    "i've": "you've",
}
_FIRST_PERSON_RE = re.compile(r"\b(?:i['’]m|i['’]ve|myself|mine|my|me|i)\b", re.IGNORECASE)


def child_words(text: str) -> str:
    """Turn the child's own words into the words the bot says back to them.

    "my nan" -> "your nan", "the people who look after me" -> "the people who
    look after you". Also tidies spaces and end punctuation and removes braces,
    so the result is safe to pass through ``str.format``.
    """
    text = " ".join(text.replace("{", "").replace("}", "").split()).strip(" .,;:!?")

    def swap(match: re.Match[str]) -> str:
        return _FIRST_PERSON[match.group(0).lower().replace("’", "'")]

    return _FIRST_PERSON_RE.sub(swap, text)


_SECOND_PERSON = {
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "you've": "I've",
    "you": "me",
}
_SECOND_PERSON_RE = re.compile(
    r"\b(?:you['’]re|you['’]ve|yourself|yours|your|you)\b", re.IGNORECASE
)


def in_childs_voice(value: str) -> str:
    """The bot's words for something, as the child would say it: "your foster carers
    Sam and Jo" -> "my foster carers Sam and Jo" (for buttons the child taps)."""

    def swap(match: re.Match[str]) -> str:
        said = _SECOND_PERSON[match.group(0).lower().replace("’", "'")]
        return said[:1].upper() + said[1:] if match.group(0)[:1].isupper() else said

    return _SECOND_PERSON_RE.sub(swap, value)


NON_ANSWERS: frozenset[str] = frozenset(
    {
        "idk", "i dont know", "i don't know", "i do not know", "dont know", "don't know",
        "dunno", "dno", "donno", "not sure", "im not sure", "i'm not sure", "unsure",
        "no idea", "nothing", "none", "no", "nah", "nope", "skip", "pass", "n/a", "na",
        "whatever", "idc", "i dont care", "i don't care", "dont mind", "don't mind",
        "anything", "?", "??", "???", "-", ".", "...",
    }
)  # fmt: skip
"""Typed answers that are not a word for anything (English; each catalog may add its
own under the same msgid): the child is told it is fine, and nothing is saved."""


def is_non_answer(value: str) -> bool:
    """Whether what the child typed means "I don't know" rather than a word of theirs."""
    plain = " ".join(value.lower().replace("’", "'").split()).strip(" .,;:!")
    return plain in NON_ANSWERS or not plain.strip("?!.-")


def default_words() -> dict[str, str]:
    """The value of every placeholder before the child has chosen (a new dict)."""
    words = {p.key: p.default for p in load_word_prompts()}
    words["iro"] = IRO_FALLBACK.format_map(words)
    return words


def render(template: str, words: Mapping[str, str | None] | None = None) -> str:
    """Fill in a template with the child's words, falling back to the defaults.

    ``words`` maps placeholder names to the child's words (missing or empty
    entries use :func:`default_words`; a missing ``iro`` uses
    :data:`IRO_FALLBACK`). The first letter of the result is made a capital,
    for texts and labels that start with a placeholder.
    """
    values = {p.key: p.default for p in load_word_prompts()}
    values.update({k: v for k, v in (words or {}).items() if v})
    if not values.get("iro"):
        values["iro"] = IRO_FALLBACK.format_map(values)
    out = template.format_map(values)
    return out[:1].upper() + out[1:]


@cache
def load_question_set() -> QuestionSet:
    """The question set from ``questions.toml`` (read and checked once)."""
    path = _HERE / QUESTIONS_FILE
    return parse_question_set(path.read_text(encoding="utf-8"), source=path.name)


@cache
def load_word_prompts() -> tuple[WordPrompt, ...]:
    """The Language that Cares prompts from ``words.toml``, in the order to ask."""
    path = _HERE / WORDS_FILE
    return parse_word_prompts(path.read_text(encoding="utf-8"), source=path.name)


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------

_SECTION_FIELDS = frozenset({"key", "title", "emoji"})
_QUESTION_FIELDS = frozenset(
    {"key", "section", "kind", "bands", "text", "hint", "options", "low", "high"}
    | {f"{base}_{suffix}" for base in ("text", "hint") for suffix in _BAND_SUFFIX.values()}
)
_OPTION_FIELDS = frozenset({"key", "label"})
_WORD_FIELDS = frozenset(
    {"key", "ask", "hint", "default", "example", "suggestions", "drop_leading"}
)
_SUGGESTION_FIELDS = frozenset({"label", "value"})
MIN_OPTIONS = 2
MIN_SUGGESTIONS = 3
MAX_SUGGESTIONS = 5


def parse_question_set(text: str, *, source: str = "<string>") -> QuestionSet:
    """Parse and check a question set given as TOML text.

    Raises :class:`QuestionDataError` naming the first problem found.
    """
    data = _load_toml(text, source)
    _check_fields(data, frozenset({"version", "sections", "questions"}), source)
    _check_version(data, source)

    sections: list[Section] = []
    for i, raw in enumerate(_table_list(data, "sections", source)):
        where = f"{source}: sections[{i}]"
        _check_fields(raw, _SECTION_FIELDS, where)
        key = _name(raw, "key", where)
        where = f"{source}: section {key!r}"
        if any(s.key == key for s in sections):
            raise QuestionDataError(f"{where}: duplicate section key")
        title = _template(raw, "title", where)
        sections.append(Section(key=key, title=title, emoji=_string(raw, "emoji", where)))
    section_order = {s.key: i for i, s in enumerate(sections)}

    questions: list[Question] = []
    for i, raw in enumerate(_table_list(data, "questions", source)):
        question = _parse_question(raw, f"{source}: questions[{i}]", section_order)
        if any(q.key == question.key for q in questions):
            raise QuestionDataError(f"{source}: question {question.key!r}: duplicate question key")
        if questions and section_order[question.section] < section_order[questions[-1].section]:
            raise QuestionDataError(
                f"{source}: question {question.key!r}: out of order; questions must follow "
                f"the order of the sections (it comes after section {questions[-1].section!r})"
            )
        questions.append(question)

    for section in sections:
        if not any(q.section == section.key for q in questions):
            raise QuestionDataError(f"{source}: section {section.key!r} has no questions")
    return QuestionSet(
        version=SUPPORTED_VERSION, sections=tuple(sections), questions=tuple(questions)
    )


def _parse_question(raw: dict[str, Any], where: str, section_order: Mapping[str, int]) -> Question:
    key = _string(raw, "key", where)
    where = f"{where.split(': ')[0]}: question {key!r}"
    _check_fields(raw, _QUESTION_FIELDS, where)
    match = _QUESTION_KEY_RE.fullmatch(key)
    if not match:
        raise QuestionDataError(f"{where}: key must look like 'section.name' (a-z, 0-9, _)")
    if len(key) > MAX_QUESTION_KEY_CHARS:
        raise QuestionDataError(f"{where}: key longer than {MAX_QUESTION_KEY_CHARS} characters")

    section = _string(raw, "section", where)
    if section not in section_order:
        raise QuestionDataError(f"{where}: unknown section {section!r}")
    if match.group(1) != section:
        raise QuestionDataError(f"{where}: key must start with its section, {section!r}")

    kind = _string(raw, "kind", where)
    if kind not in KINDS:
        raise QuestionDataError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")

    bands_raw = raw.get("bands")
    if not isinstance(bands_raw, list) or not bands_raw:
        raise QuestionDataError(f"{where}: 'bands' must be a non-empty list")
    for band in bands_raw:
        if band not in BANDS:
            raise QuestionDataError(f"{where}: unknown band {band!r}; use one of {BANDS}")
    if len(set(bands_raw)) != len(bands_raw):
        raise QuestionDataError(f"{where}: a band is listed twice")
    bands = tuple(b for b in BANDS if b in bands_raw)

    band_texts: list[tuple[str, str]] = []
    band_hints: list[tuple[str, str]] = []
    for band, suffix in _BAND_SUFFIX.items():
        for base, into in (("text", band_texts), ("hint", band_hints)):
            field = f"{base}_{suffix}"
            if field in raw:
                if band not in bands:
                    raise QuestionDataError(
                        f"{where}: {field!r} given but the question is not asked in band {band!r}"
                    )
                into.append((band, _template(raw, field, where)))

    options: tuple[Option, ...] = ()
    if kind in KINDS_WITH_OPTIONS:
        if "options" not in raw:
            raise QuestionDataError(f"{where}: a {kind!r} question needs options")
        options = _parse_options(raw["options"], where)
    elif "options" in raw:
        raise QuestionDataError(f"{where}: a {kind!r} question takes no options")
    for field in ("low", "high"):
        if field in raw and kind != "scale":
            raise QuestionDataError(f"{where}: {field!r} is only for 'scale' questions")

    return Question(
        key=key,
        section=section,
        kind=kind,
        bands=bands,
        text=_template(raw, "text", where),
        options=options,
        hint=_template(raw, "hint", where) if "hint" in raw else None,
        low=_template(raw, "low", where) if "low" in raw else None,
        high=_template(raw, "high", where) if "high" in raw else None,
        band_texts=tuple(band_texts),
        band_hints=tuple(band_hints),
    )


def _parse_options(value: object, where: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < MIN_OPTIONS:
        raise QuestionDataError(f"{where}: 'options' must list at least {MIN_OPTIONS} options")
    options: list[Option] = []
    for i, raw in enumerate(value):
        at = f"{where}: options[{i}]"
        if not isinstance(raw, dict):
            raise QuestionDataError(f"{at}: must be a table {{ key = ..., label = ... }}")
        _check_fields(raw, _OPTION_FIELDS, at)
        key = _string(raw, "key", at)
        if not _OPTION_KEY_RE.fullmatch(key) or len(key) > MAX_OPTION_KEY_CHARS:
            raise QuestionDataError(
                f"{at}: option key {key!r} must be a-z, 0-9 or _, "
                f"at most {MAX_OPTION_KEY_CHARS} characters"
            )
        label = _template(raw, "label", at)
        if len(label) > MAX_LABEL_CHARS:
            raise QuestionDataError(f"{at}: label longer than {MAX_LABEL_CHARS} characters")
        if any(o.key == key for o in options):
            raise QuestionDataError(f"{where}: duplicate option key {key!r}")
        if any(o.label == label for o in options):
            raise QuestionDataError(f"{where}: duplicate option label {label!r}")
        options.append(Option(key=key, label=label))
    return tuple(options)


def parse_word_prompts(text: str, *, source: str = "<string>") -> tuple[WordPrompt, ...]:
    """Parse and check Language that Cares prompts given as TOML text.

    Every key in :data:`WORD_KEYS` must appear exactly once.
    Raises :class:`QuestionDataError` naming the first problem found.
    """
    data = _load_toml(text, source)
    _check_fields(data, frozenset({"version", "words"}), source)
    _check_version(data, source)
    prompts: list[WordPrompt] = []
    for i, raw in enumerate(_table_list(data, "words", source)):
        where = f"{source}: words[{i}]"
        key = _string(raw, "key", where)
        where = f"{source}: word {key!r}"
        _check_fields(raw, _WORD_FIELDS, where)
        if key not in WORD_KEYS:
            raise QuestionDataError(f"{where}: unknown word key; use one of {WORD_KEYS}")
        if any(p.key == key for p in prompts):
            raise QuestionDataError(f"{where}: duplicate word key")
        example = _template(raw, "example", where)
        if key not in placeholders_in(example):
            raise QuestionDataError(f"{where}: 'example' must use {{{key}}}")
        prompts.append(
            WordPrompt(
                key=key,
                ask=_template(raw, "ask", where),
                hint=_template(raw, "hint", where) if "hint" in raw else None,
                default=_word(raw, "default", where),
                example=example,
                suggestions=_parse_suggestions(raw.get("suggestions"), where),
                drop_leading=_string_list(raw, "drop_leading", where),
            )
        )
    missing = [k for k in WORD_KEYS if all(p.key != k for p in prompts)]
    if missing:
        raise QuestionDataError(f"{source}: no prompt for {', '.join(missing)}")
    return tuple(prompts)


def _parse_suggestions(value: object, where: str) -> tuple[Suggestion, ...]:
    if not isinstance(value, list) or not MIN_SUGGESTIONS <= len(value) <= MAX_SUGGESTIONS:
        raise QuestionDataError(
            f"{where}: 'suggestions' must list {MIN_SUGGESTIONS} to {MAX_SUGGESTIONS} suggestions"
        )
    out: list[Suggestion] = []
    for i, raw in enumerate(value):
        at = f"{where}: suggestions[{i}]"
        if not isinstance(raw, dict):
            raise QuestionDataError(f"{at}: must be a table {{ label = ..., value = ... }}")
        _check_fields(raw, _SUGGESTION_FIELDS, at)
        label = _word(raw, "label", at)
        value_ = _word(raw, "value", at) if "value" in raw else label
        if any(s.label == label for s in out):
            raise QuestionDataError(f"{where}: duplicate suggestion {label!r}")
        out.append(Suggestion(label=label, value=value_))
    return tuple(out)


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionDataError(f"{source}: not valid TOML: {exc}") from exc


def _check_version(data: Mapping[str, Any], source: str) -> None:
    if data.get("version") != SUPPORTED_VERSION:
        raise QuestionDataError(
            f"{source}: 'version' must be {SUPPORTED_VERSION}, not {data.get('version')!r}"
        )


def _check_fields(raw: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise QuestionDataError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")


def _table_list(data: Mapping[str, Any], field: str, where: str) -> list[dict[str, Any]]:
    value = data.get(field)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise QuestionDataError(f"{where}: needs at least one [[{field}]] table")
    return value


def _string(raw: Mapping[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise QuestionDataError(f"{where}: {field!r} must be a non-empty string")
    if value != value.strip():
        raise QuestionDataError(f"{where}: {field!r} has spaces at the start or end")
    return value


def _name(raw: Mapping[str, Any], field: str, where: str) -> str:
    value = _string(raw, field, where)
    if not _NAME_RE.fullmatch(value):
        raise QuestionDataError(f"{where}: {field!r} must be a-z, 0-9 or _ (got {value!r})")
    return value


def _string_list(raw: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = raw.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise QuestionDataError(f"{where}: {field!r} must be a list of strings")
    return tuple(value)


def _word(raw: Mapping[str, Any], field: str, where: str) -> str:
    """A plain word or phrase: no placeholders, short enough for a button."""
    value = _string(raw, field, where)
    if "{" in value or "}" in value:
        raise QuestionDataError(f"{where}: {field!r} cannot contain braces")
    if len(value) > MAX_WORD_CHARS:
        raise QuestionDataError(f"{where}: {field!r} longer than {MAX_WORD_CHARS} characters")
    return value


def _template(raw: Mapping[str, Any], field: str, where: str) -> str:
    """A child-facing string whose placeholders are all in PLACEHOLDERS."""
    value = _string(raw, field, where)
    try:
        parts = list(_FORMATTER.parse(value))
    except ValueError as exc:
        raise QuestionDataError(f"{where}: {field!r} has unbalanced braces: {exc}") from exc
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise QuestionDataError(
                f"{where}: {field!r} uses unknown placeholder {{{name}}}; "
                f"allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
            )
        if spec or conversion:
            raise QuestionDataError(f"{where}: {field!r}: write {{{name}}} with nothing else")
    return value


def _check_band(band: str) -> str:
    if band not in BANDS:
        raise ValueError(f"unknown age band {band!r}; use one of {BANDS}")
    return band
