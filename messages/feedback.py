"""The feedback questions asked the day after a meeting, as data (``feedback.toml``).

``load_feedback()`` reads and checks the file once; a mistake in it stops the
app at start-up with an error that names the entry at fault.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FEEDBACK_FILE = Path(__file__).parent / "feedback.toml"
SUPPORTED_VERSION = 1
SETS = ("child_attended", "child_absent", "adult")
KINDS = ("scale", "single")
SCALE_VALUES = ("1", "2", "3", "4", "5")
CHILD_PLACEHOLDERS = frozenset(
    {"meeting", "iro", "name", "home", "carers", "family_time", "social_worker"}
)
ADULT_PLACEHOLDERS = frozenset({"child", "iro"})
MAX_LABEL = 30
MAX_OPTION_KEY = 12
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_OPTION_KEY = re.compile(r"[a-z0-9_]+")


class FeedbackDataError(ValueError):
    """``feedback.toml`` is broken."""


@dataclass(frozen=True)
class FeedbackOption:
    key: str
    label: str


@dataclass(frozen=True)
class FeedbackQuestion:
    set: str
    key: str
    kind: str
    text: str
    options: tuple[FeedbackOption, ...] = ()

    def values(self) -> tuple[str, ...]:
        """The stored values an answer may take (besides "skip")."""
        if self.kind == "scale":
            return SCALE_VALUES
        return tuple(option.key for option in self.options)


@dataclass(frozen=True)
class FeedbackSets:
    questions: tuple[FeedbackQuestion, ...]

    def for_set(self, name: str) -> tuple[FeedbackQuestion, ...]:
        return tuple(q for q in self.questions if q.set == name)


@cache
def load_feedback() -> FeedbackSets:
    return parse_feedback(FEEDBACK_FILE.read_text(encoding="utf-8"), source=FEEDBACK_FILE.name)


def parse_feedback(text: str, *, source: str = "<string>") -> FeedbackSets:
    """Read and check the file's text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedbackDataError(f"{source}: {exc}") from exc
    if data.get("version") != SUPPORTED_VERSION:
        raise FeedbackDataError(f"{source}: version must be {SUPPORTED_VERSION}")
    _only(data, {"version", "sets", "questions"}, source)
    sets = [_table(raw, f"{source}: sets[{i}]") for i, raw in enumerate(data.get("sets", []))]
    names = [raw.get("key") for raw in sets]
    if sorted(str(n) for n in names) != sorted(SETS):
        raise FeedbackDataError(f"{source}: sets must be exactly {', '.join(SETS)}")
    questions: list[FeedbackQuestion] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(data.get("questions", [])):
        where = f"{source}: questions[{index}]"
        question = _question(_table(raw, where), where)
        if (question.set, question.key) in seen:
            raise FeedbackDataError(f"{where}: duplicate key {question.key!r} in {question.set}")
        seen.add((question.set, question.key))
        questions.append(question)
    for name in SETS:
        if not any(q.set == name for q in questions):
            raise FeedbackDataError(f"{source}: set {name!r} has no questions")
    return FeedbackSets(tuple(questions))


def _question(raw: Mapping[str, Any], where: str) -> FeedbackQuestion:
    _only(raw, {"set", "key", "kind", "text", "options"}, where)
    set_name = _string(raw, "set", where)
    if set_name not in SETS:
        raise FeedbackDataError(f"{where}: unknown set {set_name!r}")
    key = _string(raw, "key", where)
    if not _KEY.fullmatch(key):
        raise FeedbackDataError(f"{where}: key {key!r} must be [a-z][a-z0-9_]*")
    kind = _string(raw, "kind", where)
    if kind not in KINDS:
        raise FeedbackDataError(f"{where}: unknown kind {kind!r}")
    text = _string(raw, "text", where)
    allowed = ADULT_PLACEHOLDERS if set_name == "adult" else CHILD_PLACEHOLDERS
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None and field not in allowed:
            raise FeedbackDataError(f"{where}: unknown placeholder {{{field}}}")
    options: tuple[FeedbackOption, ...] = ()
    if kind == "single":
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or not 2 <= len(raw_options) <= 5:
            raise FeedbackDataError(f"{where}: a single question needs 2 to 5 options")
        found = []
        for i, option in enumerate(raw_options):
            at = f"{where}.options[{i}]"
            option = _table(option, at)
            _only(option, {"key", "label"}, at)
            option_key = _string(option, "key", at)
            label = _string(option, "label", at)
            if not _OPTION_KEY.fullmatch(option_key) or len(option_key) > MAX_OPTION_KEY:
                raise FeedbackDataError(f"{at}: bad option key {option_key!r}")
            if len(label) > MAX_LABEL:
                raise FeedbackDataError(f"{at}: the label is longer than {MAX_LABEL} characters")
            found.append(FeedbackOption(option_key, label))
        if len({o.key for o in found}) != len(found):
            raise FeedbackDataError(f"{where}: duplicate option keys")
        options = tuple(found)
    elif "options" in raw:
        raise FeedbackDataError(f"{where}: a scale question has no options")
    return FeedbackQuestion(set_name, key, kind, text, options)


def _table(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise FeedbackDataError(f"{where}: expected a table")
    return raw


def _only(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise FeedbackDataError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _string(raw: Mapping[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise FeedbackDataError(f"{where}: {field} must be a non-empty string")
    return value
