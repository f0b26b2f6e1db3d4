"""How well the detector does on a corpus of phrases: recall per concern, false alarms per group.

A corpus file (``tests/disclosure_corpus/<lang>.toml``) lists phrases that must
trigger, under the concern they must raise, and phrases that must not trigger at
all, in groups kept only for reading::

    [must_trigger]
    self_harm = ["i want to die", ...]
    [must_not_trigger]
    idioms = ["I'm dying to see my brother", ...]

:func:`corpus_report` runs every phrase through :func:`detect` (or another
check, such as the bot's whole screening) and scores it:

* **recall** of a concern: its must-trigger phrases that raised *that* concern,
  over all of them. This must be 100%: a miss is the failure that matters.
* **false alarms** of a must-not group: its phrases that raised anything.
* **precision** over the whole corpus: true positives (must-trigger phrases
  that raised their concern) over every phrase that raised an alert of the kind
  scored (true positives plus false alarms). A must-trigger phrase that also
  raises a second concern is not counted against precision: one phrase can be
  about two things. Precision here is a proxy: the corpus is not a sample of
  what children really write, it leans hard on the phrases that are difficult.

``make bench`` prints the report (``bench/bench_disclosure.py``); the tests
check recall phrase by phrase. Corpus phrases are written by the team, not by
children, so a report may show them; nothing here logs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from bot.safeguarding.detector import Concern, detect

__all__ = [
    "ConcernScore",
    "Corpus",
    "CorpusError",
    "CorpusReport",
    "GroupScore",
    "corpus_report",
    "detected_concerns",
    "read_corpus",
]

Check = Callable[[str], Collection[Concern]]
"""What is scored: the concerns a phrase raises."""


class CorpusError(ValueError):
    """A corpus file is broken: names the file and the key, never a phrase."""


@dataclass(frozen=True)
class Corpus:
    """One corpus file, read and checked."""

    language: str
    must_trigger: tuple[tuple[Concern, str], ...]
    must_not_trigger: tuple[tuple[str, str], ...]


def read_corpus(path: Path) -> Corpus:
    """Read ``path`` (``<lang>.toml``); every problem is a :class:`CorpusError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path.name}: cannot be read as TOML ({type(exc).__name__})") from None
    must, must_not = data.get("must_trigger"), data.get("must_not_trigger")
    if not isinstance(must, dict) or not isinstance(must_not, dict):
        raise CorpusError(f"{path.name}: needs [must_trigger] and [must_not_trigger] tables")
    must_trigger: list[tuple[Concern, str]] = []
    for key, phrases in must.items():
        try:
            concern = Concern(key)
        except ValueError:
            raise CorpusError(f"{path.name}: must_trigger.{key} is not a concern") from None
        must_trigger.extend((concern, phrase) for phrase in _phrases(phrases, path, key))
    must_not_trigger = [
        (group, phrase)
        for group, phrases in must_not.items()
        for phrase in _phrases(phrases, path, group)
    ]
    return Corpus(path.stem, tuple(must_trigger), tuple(must_not_trigger))


def _phrases(value: object, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise CorpusError(f"{path.name}: {key} must be a list of strings")
    return value


def detected_concerns(text: str) -> set[Concern]:
    """The default check: the concerns :func:`detect` reports for ``text``."""
    return {finding.concern for finding in detect(text)}


@dataclass(frozen=True)
class ConcernScore:
    """The must-trigger phrases of one concern, and those that did not raise it."""

    concern: Concern
    total: int
    missed: tuple[str, ...]
    # Must-not phrases that raised this concern (counted once per concern).
    false_alarms: int

    @property
    def found(self) -> int:
        return self.total - len(self.missed)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        positives = self.found + self.false_alarms
        return self.found / positives if positives else 1.0


@dataclass(frozen=True)
class GroupScore:
    """The phrases of one must-not group, and those that raised an alert anyway."""

    group: str
    total: int
    alarms: tuple[str, ...]

    @property
    def quiet(self) -> int:
        return self.total - len(self.alarms)


@dataclass(frozen=True)
class CorpusReport:
    """The scores of one corpus file."""

    language: str
    concerns: tuple[ConcernScore, ...]
    groups: tuple[GroupScore, ...]

    @property
    def true_positives(self) -> int:
        return sum(score.found for score in self.concerns)

    @property
    def must_trigger(self) -> int:
        return sum(score.total for score in self.concerns)

    @property
    def false_positives(self) -> int:
        return sum(len(group.alarms) for group in self.groups)

    @property
    def must_not_trigger(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def recall(self) -> float:
        return self.true_positives / self.must_trigger if self.must_trigger else 1.0

    @property
    def precision(self) -> float:
        positives = self.true_positives + self.false_positives
        return self.true_positives / positives if positives else 1.0

    @property
    def missed(self) -> tuple[tuple[Concern, str], ...]:
        return tuple((score.concern, phrase) for score in self.concerns for phrase in score.missed)

    @property
    def alarms(self) -> tuple[tuple[str, str], ...]:
        return tuple((group.group, phrase) for group in self.groups for phrase in group.alarms)

    def table(self) -> str:
        """The report as a plain-text table (phrases missed and false alarms listed after)."""
        lines = [
            f"corpus {self.language}: recall {self.recall:.1%} "
            f"({self.true_positives}/{self.must_trigger}), precision {self.precision:.1%} "
            f"({self.true_positives} true / {self.true_positives + self.false_positives} alerts), "
            f"false alarms {self.false_positives}/{self.must_not_trigger}",
            "",
            f"  {'must trigger':<22}{'found':>7}{'total':>7}{'recall':>9}"
            f"{'false alarms':>14}{'precision':>11}",
        ]
        lines += [
            f"  {s.concern.value:<22}{s.found:>7}{s.total:>7}{s.recall:>9.1%}"
            f"{s.false_alarms:>14}{s.precision:>11.1%}"
            for s in self.concerns
        ]
        lines += ["", f"  {'must not trigger':<22}{'quiet':>7}{'total':>7}{'alarms':>9}"]
        lines += [f"  {g.group:<22}{g.quiet:>7}{g.total:>7}{len(g.alarms):>9}" for g in self.groups]
        lines += [f"  MISSED {concern.value}: {phrase!r}" for concern, phrase in self.missed]
        lines += [f"  FALSE ALARM {group}: {phrase!r}" for group, phrase in self.alarms]
        return "\n".join(lines)


def corpus_report(path: Path, check: Check = detected_concerns) -> CorpusReport:
    """Score ``check`` (by default :func:`detect`) on the corpus file at ``path``."""
    corpus = read_corpus(path)
    missed: dict[Concern, list[str]] = {}
    totals: dict[Concern, int] = {}
    for concern, phrase in corpus.must_trigger:
        totals[concern] = totals.get(concern, 0) + 1
        if concern not in check(phrase):
            missed.setdefault(concern, []).append(phrase)
    alarms: dict[str, list[str]] = {}
    group_totals: dict[str, int] = {}
    false_by_concern: dict[Concern, int] = {}
    for group, phrase in corpus.must_not_trigger:
        group_totals[group] = group_totals.get(group, 0) + 1
        if raised := check(phrase):
            alarms.setdefault(group, []).append(phrase)
            for concern in raised:
                false_by_concern[concern] = false_by_concern.get(concern, 0) + 1
    concerns = tuple(
        ConcernScore(c, totals.get(c, 0), tuple(missed.get(c, ())), false_by_concern.get(c, 0))
        for c in Concern
        if c in totals or c in false_by_concern
    )
    groups = tuple(
        GroupScore(group, total, tuple(alarms.get(group, ())))
        for group, total in group_totals.items()
    )
    return CorpusReport(corpus.language, concerns, groups)
