"""Benchmark: the disclosure detector against its corpora, and how fast it reads.

    .venv/bin/python bench/bench_disclosure.py [--repeat 20]

For every corpus file (``tests/disclosure_corpus/<lang>.toml``) prints the
report of :func:`bot.safeguarding.corpus.corpus_report`: per concern, the
must-trigger phrases found (recall) and the false alarms that raised it; per
must-not group, the false alarms; recall and precision over the whole corpus.
It does so twice: for :func:`detect` alone, and for the bot's whole screening
(:func:`screen_words`, which also re-reads third-person words in the first
person, so it raises more).

Then the speed of :func:`detect`, which runs on every message a child sends:
phrases a second over the whole corpus (best of ``--repeat`` rounds), and the
time for one 5,000-character message with nothing in it and with a disclosure
at its very end (the worst case: everything is read).

It prints figures and asserts nothing (the tests hold recall at 100%).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safeguarding import detector  # noqa: E402
from bot.safeguarding.corpus import corpus_report, read_corpus  # noqa: E402
from bot.safeguarding.detector import Concern, detect  # noqa: E402
from bot.safeguarding.screening import screen_words  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "disclosure_corpus"


def screened(text: str) -> set[Concern]:
    return {Concern(value) for value in screen_words(text).concerns}


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timings of ``run()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing rounds (best is shown)")
    args = parser.parse_args()

    start = time.perf_counter()
    detector.languages()  # read and compile the pattern files once
    print(f"pattern files loaded and compiled in {time.perf_counter() - start:.3f} s")

    paths = sorted(CORPUS_DIR.glob("*.toml"))
    phrases: list[str] = []
    for path in paths:
        corpus = read_corpus(path)
        phrases += [p for _, p in corpus.must_trigger] + [p for _, p in corpus.must_not_trigger]
        print()
        print("detect():")
        print(corpus_report(path).table())
        print()
        print("screen_words() (detect + the third-person re-read), in short:")
        whole = corpus_report(path, screened)
        print(
            f"  recall {whole.recall:.1%} ({whole.true_positives}/{whole.must_trigger}), "
            f"precision {whole.precision:.1%}, "
            f"false alarms {whole.false_positives}/{whole.must_not_trigger}"
        )
        for group, phrase in whole.alarms:
            print(f"  FALSE ALARM {group}: {phrase!r}")

    def every_phrase() -> None:
        for phrase in phrases:
            detect(phrase)

    seconds = best_of(args.repeat, every_phrase)
    print()
    print(
        f"detect(): {len(phrases)} corpus phrases in {seconds * 1000:.2f} ms: "
        f"{len(phrases) / seconds:,.0f} phrases/s ({seconds / len(phrases) * 1e6:.1f} µs each)"
    )
    filler = "I like football and my carer takes me to the park on Saturdays. "
    benign = (filler * 100)[:5000]
    late = benign[:4980] + " i want to die now"
    negated = (filler * 100)[:4980] + " nobody hurts me."
    for label, text in [
        ("5,000 characters, nothing in it", benign),
        ("5,000 characters, a disclosure at the end", late),
        ("5,000 characters, a negation at the end", negated),
    ]:
        seconds = best_of(args.repeat, lambda text=text: detect(text))
        print(f"detect(): {label}: {seconds * 1000:.2f} ms")


if __name__ == "__main__":
    main()
