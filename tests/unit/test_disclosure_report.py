"""The corpus report (bot/safeguarding/corpus.py) that `make bench` prints.

Its figures are checked on a small corpus with a known check, and the real
corpora are held to 100% recall by the report as well as phrase by phrase
(tests/test_disclosure.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safeguarding.corpus import CorpusError, corpus_report, read_corpus
from bot.safeguarding.detector import Concern

CORPUS_DIR = Path(__file__).resolve().parents[1] / "disclosure_corpus"

SMALL = """
[must_trigger]
self_harm = ["die", "die die", "live"]
harm_by_others = ["hit"]

[must_not_trigger]
idioms = ["dying to see you", "fine"]
sport = ["hit the ball"]
"""


def check(text: str) -> set[Concern]:
    """A made-up detector: 'die' is self-harm, 'hit' harm by others."""
    found = set()
    if "die" in text or "dying" in text:
        found.add(Concern.SELF_HARM)
    if "hit" in text:
        found.add(Concern.HARM_BY_OTHERS)
    return found


def test_the_report_counts_finds_misses_and_false_alarms(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text(SMALL, encoding="utf-8")
    report = corpus_report(path, check)
    assert report.language == "xx"
    harm, self_harm = report.concerns  # in the order of Concern
    assert (self_harm.concern, self_harm.found, self_harm.total) == (Concern.SELF_HARM, 2, 3)
    assert self_harm.missed == ("live",)
    assert self_harm.recall == pytest.approx(2 / 3)
    assert self_harm.false_alarms == 1  # "dying to see you"
    assert self_harm.precision == pytest.approx(2 / 3)
    assert (harm.found, harm.total, harm.false_alarms) == (1, 1, 1)
    assert [(g.group, g.total, g.alarms) for g in report.groups] == [
        ("idioms", 2, ("dying to see you",)),
        ("sport", 1, ("hit the ball",)),
    ]
    assert (report.true_positives, report.false_positives) == (3, 2)
    assert report.recall == pytest.approx(3 / 4)
    assert report.precision == pytest.approx(3 / 5)
    table = report.table()
    assert "recall 75.0%" in table and "precision 60.0%" in table
    assert "MISSED self_harm: 'live'" in table
    assert "FALSE ALARM sport: 'hit the ball'" in table


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("[must_trigger]\n", "needs [must_trigger] and [must_not_trigger]"),
        ('[must_trigger]\nsad = ["x"]\n[must_not_trigger]\n', "must_trigger.sad is not a concern"),
        ("[must_trigger]\nself_harm = [1]\n[must_not_trigger]\n", "must be a list of strings"),
        ("not toml at all [", "cannot be read as TOML"),
    ],
)
def test_a_broken_corpus_is_refused_with_a_reason(tmp_path: Path, text: str, complaint: str):
    path = tmp_path / "xx.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"xx\.toml") as raised:
        read_corpus(path)
    assert complaint in str(raised.value)


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_corpus_has_full_recall_by_the_report_too(path: Path) -> None:
    report = corpus_report(path)
    assert report.recall == 1.0, report.table()
    assert all(score.recall == 1.0 for score in report.concerns)
    assert {score.concern for score in report.concerns} == set(Concern)
    assert report.false_positives == 0, report.table()
