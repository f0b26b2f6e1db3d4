"""The catalogs: every string a child can read, in every language we speak.

Babel does the work, configured in ``babel.cfg``: ``extract`` reads the strings
marked ``N_``/``NP_`` in ``messages/*.py`` (``S_``, staff-only, stays English)
and the question set, word prompts and children's feedback questions in the TOML
data (:func:`extract_data`, registered as Babel's ``myreview_data`` extractor);
``update`` merges the template into each language's ``messages.po``; ``compile``
writes the ``messages.mo`` the bot loads. ``make i18n`` runs all three, and makes
a catalog for any language that has none yet.

Each catalog's header comment records its review status::

    # Review-Status: draft            (or: reviewed)
    # Reviewed-By: <name, organisation>
    # Reviewed-On: <YYYY-MM-DD>

A draft is served all the same: a child who cannot read English gets nothing from
English. ``myreview languages`` shows every status; ``languages export`` writes a
sheet a council's translator corrects in a spreadsheet, and ``languages import``
brings it back, checks it, and marks the catalog reviewed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import string
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from messages import languages
from messages.render import LOCALES_DIR, babel_locale

MESSAGES_DIR = Path(__file__).parent
PROJECT_DIR = MESSAGES_DIR.parent
TEMPLATE = LOCALES_DIR / "messages.pot"
KEYWORDS = {"N_": None, "NP_": (1, 2)}
DOMAIN = "messages"
CHILD_FEEDBACK_SETS = ("child_attended", "child_absent")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAG = re.compile(r"</?[a-z]+>")


# --- extracting ---------------------------------------------------------------------------


def extract_data(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for the TOML data a child reads: ``questions.toml`` (sections,
    questions, hints, options, scale ends), ``words.toml`` (the word prompts and their
    buttons) and ``feedback.toml`` (the children's sets only)."""
    data = tomllib.load(fileobj)
    name = Path(getattr(fileobj, "name", "")).name
    for where, text in _data_strings(name, data):
        yield 0, None, text, [where]


def _data_strings(name: str, data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if name == "questions.toml":
        for section in data.get("sections", []):
            yield f"section.{section['key']}", section["title"]
        for question in data.get("questions", []):
            key = question["key"]
            for field_name, value in question.items():
                if field_name.startswith(("text", "hint")) or field_name in ("low", "high"):
                    yield f"question.{key}", value
            for option in question.get("options", []):
                yield f"question.{key}", option["label"]
    elif name == "words.toml":
        for prompt in data.get("words", []):
            key = prompt["key"]
            yield f"word.{key}", prompt["ask"]
            if prompt.get("hint"):
                yield f"word.{key}", prompt["hint"]
            # The bot's words for the child's choice ("your house") and the everyday
            # word ("home") go into sentences: they are the child's language too.
            yield f"word.{key}", prompt["default"]
            for suggestion in prompt.get("suggestions", []):
                yield f"word.{key}", suggestion["label"]
                yield f"word.{key}", suggestion.get("value", suggestion["label"])
    elif name == "feedback.toml":
        for question in data.get("questions", []):
            if question.get("set") not in CHILD_FEEDBACK_SETS:
                continue  # the adults' questions stay English, like all staff text
            yield f"feedback.{question['key']}", question["text"]
            for option in question.get("options", []):
                yield f"feedback.{question['key']}", option["label"]


METHODS = [
    ("*.py", "python"),
    ("*.toml", "messages.catalog:extract_data"),
]
"""The same as ``babel.cfg``, which ``pybabel extract -F babel.cfg`` reads."""


def build_template() -> Catalog:
    """The template (``messages.pot``), as ``pybabel extract -F babel.cfg`` makes it."""
    catalog = Catalog(project="My Review", msgid_bugs_address="", fuzzy=False)
    found = extract_from_dir(
        str(MESSAGES_DIR), method_map=METHODS, keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        if "/" in filename:
            continue  # only the modules and data files of messages/ itself
        # No spaces: a location with a space is written inside isolate marks.
        where = f"{filename}:{comments[0]}" if filename.endswith(".toml") and comments else filename
        catalog.add(message, locations=[(where, lineno)], context=context)
    return catalog


def write_template(path: Path = TEMPLATE) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = build_template()
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=False, include_lineno=False)
    return len(catalog)


def msgids() -> Iterator[tuple[str, str]]:
    """(msgid, where it comes from) for every translatable string (a plural by its
    singular)."""
    for message in build_template():
        if message.id:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            yield key, ", ".join(where for where, _ in message.locations)


# --- the catalogs ---------------------------------------------------------------------------


def po_path(code: str, root: Path = LOCALES_DIR) -> Path:
    return root / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str, root: Path = LOCALES_DIR) -> Path:
    return root / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_catalog(code: str, root: Path = LOCALES_DIR) -> Catalog:
    with po_path(code, root).open("rb") as handle:
        return read_po(handle, locale=babel_locale(code))


def write_catalog(code: str, catalog: Catalog, root: Path = LOCALES_DIR) -> None:
    path = po_path(code, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, include_lineno=False, width=100)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def header(language: languages.Language, status: str = "draft", by: str = "", on: str = "") -> str:
    return (
        f"# My Review: {language.english} ({language.name}).\n"
        "# Every string a child can read. Staff text stays English (see messages/text.py).\n"
        f"# Review-Status: {status}\n"
        f"# Reviewed-By: {by}\n"
        f"# Reviewed-On: {on}\n"
        "#"
    )


def refresh(root: Path = LOCALES_DIR) -> list[str]:
    """``make i18n``: extract the template, update every catalog from it (making one for
    a language that has none), and compile each. Returns a line per catalog."""
    template = build_template()
    write_template(root / "messages.pot")
    report = []
    for language in languages.LANGUAGES:
        if language.code == languages.SOURCE:
            continue
        if po_path(language.code, root).exists():
            catalog = read_catalog(language.code, root)
        else:
            catalog = Catalog(locale=babel_locale(language.code), project="My Review")
            catalog.header_comment = header(language)
            catalog.fuzzy = False  # a fuzzy header would drop the plural rules when compiled
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.obsolete.clear()
        write_catalog(language.code, catalog, root)
        mo_path(language.code, root).write_bytes(compiled(catalog))
        state = status(language.code, root)
        report.append(f"{language.code}: {state.translated}/{state.total} ({state.review})")
    return report


# --- what each catalog holds ------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    name: str
    english: str
    total: int
    translated: int
    review: str
    reviewed_by: str = ""
    reviewed_on: str = ""

    @property
    def complete(self) -> float:
        return self.translated / self.total if self.total else 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "english": self.english,
            "strings": self.total,
            "translated": self.translated,
            "complete": round(self.complete, 4),
            "review": self.review,
            "reviewed_by": self.reviewed_by or None,
            "reviewed_on": self.reviewed_on or None,
        }


def _review_fields(catalog: Catalog) -> dict[str, str]:
    fields = {}
    for line in (catalog.header_comment or "").splitlines():
        match = re.match(r"#\s*(Review-Status|Reviewed-By|Reviewed-On):\s*(.*)$", line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def _is_translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    if isinstance(message.string, tuple | list):
        return all(s.strip() for s in message.string)
    return bool(message.string and message.string.strip())


def status(code: str, root: Path = LOCALES_DIR) -> LanguageStatus:
    """How complete a language's catalog is, and whether a translator has reviewed it."""
    language = languages.language(code)
    template = [m for m in build_template() if m.id]
    if code == languages.SOURCE:
        return LanguageStatus(code, language.name, language.english, len(template),
                              len(template), "source")  # fmt: skip
    if not po_path(code, root).exists():
        return LanguageStatus(code, language.name, language.english, len(template), 0, "none")
    catalog = read_catalog(code, root)
    done = sum(1 for m in template if (found := catalog.get(m.id)) and _is_translated(found))
    fields = _review_fields(catalog)
    return LanguageStatus(
        code,
        language.name,
        language.english,
        len(template),
        done,
        fields.get("Review-Status", "draft") or "draft",
        fields.get("Reviewed-By", ""),
        fields.get("Reviewed-On", ""),
    )


def readme_table(root: Path = LOCALES_DIR) -> str:
    """The README's table of languages and their review status (``make i18n`` prints
    it; a test keeps the README's copy in step)."""
    lines = [
        "| Code | Language | In its own name | Strings | Review |",
        "|---|---|---|---|---|",
    ]
    for code in languages.CODES:
        state = status(code, root)
        review = {"source": "source (English)", "none": "no catalog"}.get(
            state.review, state.review
        )
        if state.review == "reviewed":
            review = f"reviewed by {state.reviewed_by}, {state.reviewed_on}"
        elif state.review == "draft":
            review = "draft (not yet checked by a council's translator)"
        lines.append(
            f"| `{code}` | {state.english} | {state.name} | "
            f"{state.translated}/{state.total} | {review} |"
        )
    return "\n".join(lines)


# --- checking ------------------------------------------------------------------------------------


def placeholders(value: str) -> list[str]:
    """The ``{name}`` fields of a message, sorted (the child's words go into them)."""
    fields = [name for _, name, _, _ in string.Formatter().parse(value) if name]
    return sorted(fields)


def tags(value: str) -> list[str]:
    return sorted(_TAG.findall(value))


def mismatch(english: str, translated: str, plural: bool = False) -> str | None:
    """Why a translation cannot be served in place of ``english``, or None. A plural
    form may leave out one placeholder, the number ("دقيقة واحدة", "one minute")."""
    try:
        want, got = placeholders(english), placeholders(translated)
    except ValueError:
        return "braces that are not a {placeholder}"
    missing = set(want) - set(got)
    if not (plural and set(got) <= set(want) and len(missing) <= 1) and want != got:
        return f"placeholders {got} instead of {want}"
    if tags(english) != tags(translated):
        return f"markup {tags(translated)} instead of {tags(english)}"
    return None


def problems(root: Path = LOCALES_DIR, only: str | None = None) -> list[str]:
    """``make i18n-check``: everything that would show a child English or break a
    message. Empty means every catalog is complete and sound (``only``: one language)."""
    found: list[str] = []
    template = build_template()
    shipped = root / "messages.pot"
    with shipped.open("rb") as handle:
        on_disk = {m.id for m in read_po(handle) if m.id}
    if on_disk != {m.id for m in template if m.id}:
        found.append("messages.pot is out of date with the sources: run `make i18n`")
    for language in languages.LANGUAGES:
        code = language.code
        if code == languages.SOURCE or (only and code != only):
            continue
        if not po_path(code, root).exists():
            found.append(f"{code}: no catalog: run `make i18n`, then translate")
            continue
        catalog = read_catalog(code, root)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            label = message.id[0] if isinstance(message.id, tuple) else message.id
            short = label[:60].replace("\n", " ")
            if entry is None or not _is_translated(entry):
                found.append(f"{code}: missing: {short!r}")
                continue
            pairs = _pairs(message.id, entry.string, catalog.num_plurals)
            for english, translated in pairs:
                why = mismatch(english, translated, plural=isinstance(message.id, tuple))
                if why:
                    found.append(f"{code}: {why}: {short!r}")
        if not mo_path(code, root).exists() or mo_path(code, root).read_bytes() != compiled(
            catalog
        ):
            found.append(f"{code}: messages.mo is not compiled from messages.po: run `make i18n`")
    return found


def _pairs(msgid: Any, msgstr: Any, plurals: int) -> list[tuple[str, str]]:
    if isinstance(msgid, tuple):
        forms = list(msgstr) if isinstance(msgstr, tuple | list) else [msgstr]
        # Every plural form holds the number; each form is checked against the plural.
        return [(msgid[1], form) for form in forms[:plurals]]
    return [(msgid, msgstr)]


# --- the translator's sheet ------------------------------------------------------------------

SHEET_COLUMNS = ("id", "form", "english", "translation", "where", "placeholders", "note")


def _sheet_id(msgid: Any) -> str:
    key = "\x00".join(msgid) if isinstance(msgid, tuple) else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def export_sheet(code: str, out: IO[str], root: Path = LOCALES_DIR) -> int:
    """A side-by-side sheet for a council's translator: one row per string (and per
    plural form), English beside the translation, where it is used and the
    placeholders it must keep. Returns the number of rows."""
    catalog = read_catalog(code, root)
    writer = csv.writer(out)
    writer.writerow(SHEET_COLUMNS)
    rows = 0
    for message in build_template():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        where = "; ".join(w for w, _ in message.locations)
        if isinstance(message.id, tuple):
            forms = list(entry.string) if entry and isinstance(entry.string, tuple | list) else []
            for index in range(catalog.num_plurals):
                english = message.id[0] if index == 0 else message.id[1]
                current = forms[index] if index < len(forms) else ""
                note = f"plural form {index} of {catalog.num_plurals}: {catalog.plural_expr}"
                writer.writerow(
                    (_sheet_id(message.id), str(index), english, current, where,
                     " ".join("{" + p + "}" for p in placeholders(message.id[1])), note)
                )  # fmt: skip
                rows += 1
            continue
        current = entry.string if entry and isinstance(entry.string, str) else ""
        note = "needs checking (a draft)" if entry is None or entry.fuzzy else ""
        writer.writerow(
            (_sheet_id(message.id), "", message.id, current, where,
             " ".join("{" + p + "}" for p in placeholders(message.id)), note)
        )  # fmt: skip
        rows += 1
    return rows


@dataclass
class ImportReport:
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def import_sheet(
    code: str,
    rows: Iterable[dict[str, str]],
    *,
    reviewer: str,
    on: date,
    root: Path = LOCALES_DIR,
) -> ImportReport:
    """Bring a corrected sheet back: every row checked first (its placeholders and
    markup must match the English), then, with no errors, the translations are
    written and the catalog marked reviewed by ``reviewer`` on ``on``. With any
    error nothing is written."""
    catalog = read_catalog(code, root)
    by_id = {_sheet_id(m.id): m for m in build_template() if m.id}
    report = ImportReport()
    updates: dict[Any, dict[int, str] | str] = {}
    for number, row in enumerate(rows, start=2):
        message = by_id.get((row.get("id") or "").strip())
        if message is None:
            report.errors.append(f"row {number}: no such string (id {row.get('id')!r})")
            continue
        translated = (row.get("translation") or "").strip()
        if not translated:
            report.errors.append(f"row {number}: the translation is empty")
            continue
        english = message.id[1] if isinstance(message.id, tuple) else message.id
        why = mismatch(english, translated, plural=isinstance(message.id, tuple))
        if why:
            report.errors.append(f"row {number}: {why}")
            continue
        if isinstance(message.id, tuple):
            form = (row.get("form") or "0").strip()
            if not form.isdigit() or int(form) >= catalog.num_plurals:
                report.errors.append(f"row {number}: no plural form {form!r}")
                continue
            forms = updates.setdefault(message.id, {})
            assert isinstance(forms, dict)
            forms[int(form)] = translated
        else:
            updates[message.id] = translated
    if report.errors:
        return report
    for msgid, value in updates.items():
        entry = catalog.get(msgid)
        if entry is None:
            entry = catalog.add(msgid)
        if isinstance(value, dict):
            forms = list(entry.string) if isinstance(entry.string, tuple | list) else []
            forms += [""] * (catalog.num_plurals - len(forms))
            for index, text in value.items():
                forms[index] = text
            new: Any = tuple(forms)
        else:
            new = value
        if new == entry.string and not entry.fuzzy:
            report.unchanged += 1
            continue
        entry.string = new
        entry.flags.discard("fuzzy")
        report.changed += 1
    catalog.header_comment = header(languages.language(code), "reviewed", reviewer, on.isoformat())
    write_catalog(code, catalog, root)
    mo_path(code, root).write_bytes(compiled(catalog))
    return report


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "refresh"
    if command == "refresh":
        for line in refresh():
            print(line, file=sys.stderr)
    elif command == "table":
        print(readme_table())
    elif command == "readme":
        readme = PROJECT_DIR / "README.md"
        text = readme.read_text(encoding="utf-8")
        text = re.sub(
            r"(<!-- languages:start[^\n]*-->\n).*?(<!-- languages:end -->)",
            lambda m: m.group(1) + readme_table() + "\n" + m.group(2),
            text,
            flags=re.S,
        )
        readme.write_text(text, encoding="utf-8")
    elif command == "check":
        trouble = problems(only=sys.argv[2] if len(sys.argv) > 2 else None)
        for line in trouble:
            print(line, file=sys.stderr)
        print(f"{len(trouble)} problems", file=sys.stderr)
        sys.exit(1 if trouble else 0)
    else:
        sys.exit("usage: python -m messages.catalog [refresh|check [LOCALE]|table|readme]")
