"""The translation template: every msgid a person can read, for translators.

``python -m messages.catalog`` writes ``messages/locales/messages.pot`` from
``messages/text.py`` (strings marked with ``N_``), the question set and the
Language that Cares prompts. A translator copies it to
``messages/locales/<code>/LC_MESSAGES/messages.po`` (``pybabel init`` does
that) and the bot offers the language from then on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import write_po

from messages.feedback import load_feedback
from messages.questions import load_question_set, load_word_prompts
from messages.render import LOCALES_DIR

MESSAGES_DIR = Path(__file__).parent
TEMPLATE = LOCALES_DIR / "messages.pot"


def msgids() -> Iterator[tuple[str, str]]:
    """(msgid, where it comes from) for every translatable string."""
    # Python sources: every string marked with N_(), read by Babel's own extractor.
    for source in sorted(MESSAGES_DIR.glob("*.py")):
        with source.open("rb") as handle:
            for _line, _function, message, _comments in extract_python(
                handle, keywords=["N_"], comment_tags=(), options={}
            ):
                if isinstance(message, str):
                    yield message, f"messages/{source.name}"
    qs = load_question_set()
    for section in qs.sections:
        yield section.title, f"questions.toml:{section.key}"
    for question in qs.questions:
        for template in question.templates():
            yield template, f"questions.toml:{question.key}"
    for prompt in load_word_prompts():
        yield prompt.ask, f"words.toml:{prompt.key}"
        if prompt.hint:
            yield prompt.hint, f"words.toml:{prompt.key}"
        for suggestion in prompt.suggestions:
            yield suggestion.label, f"words.toml:{prompt.key}"
    yield from _feedback_msgids()


def _feedback_msgids() -> Iterator[tuple[str, str]]:
    for question in load_feedback().questions:
        yield question.text, f"feedback.toml:{question.key}"
        for option in question.options:
            yield option.label, f"feedback.toml:{question.key}"


def build_template() -> Catalog:
    catalog = Catalog(project="My Review", msgid_bugs_address="", fuzzy=False)
    for msgid, where in msgids():
        if msgid:
            catalog.add(msgid, locations=[(where, 0)])
    return catalog


def write_template(path: Path = TEMPLATE) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = build_template()
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=False, include_lineno=False)
    return len(catalog)


if __name__ == "__main__":
    count = write_template()
    print(f"wrote {count} messages to {TEMPLATE}", file=sys.stderr)
