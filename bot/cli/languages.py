"""The languages My Review speaks, and the translator's workflow.

* ``myreview languages [--json]``: each language, how complete its catalog is,
  and whether a council's translator has reviewed it (a draft is still served);
* ``myreview languages export LOCALE --out FILE``: a side-by-side sheet (CSV, for
  any spreadsheet): English, the translation, where it is used, its placeholders;
* ``myreview languages import LOCALE FILE --reviewer "NAME, COUNCIL"``: brings the
  corrected sheet back, checks every placeholder and tag, and marks the catalog
  reviewed; any error, and nothing is written.

Staff text stays English: only what a child can read is in the catalogs.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CliError, Subparsers, add_command, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def _code(value: str) -> str:
    from messages import languages

    if not languages.is_supported(value) or value == languages.SOURCE:
        raise argparse.ArgumentTypeError(
            f"not a language with a catalog: {value!r} (use one of "
            f"{', '.join(c for c in languages.CODES if c != languages.SOURCE)})"
        )
    return value


def cmd_languages_list(args: argparse.Namespace, settings: Settings) -> None:
    from messages import catalog, languages

    found = [catalog.status(code) for code in languages.CODES]
    lines = []
    for state in found:
        review = state.review
        if state.review == "reviewed":
            review = f"reviewed by {state.reviewed_by} on {state.reviewed_on}"
        lines.append(
            f"{state.code:4} {state.english:18} {state.name:12} "
            f"{state.translated:4}/{state.total} ({state.complete:.0%})  {review}"
        )
    emit(args, {"languages": [s.as_json() for s in found]}, "\n".join(lines))


def cmd_languages_export(args: argparse.Namespace, settings: Settings) -> None:
    from messages import catalog, languages

    out = Path(args.out)
    # utf-8-sig: a spreadsheet opens it with every script intact.
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        rows = catalog.export_sheet(args.locale, handle)
    language = languages.language(args.locale)
    emit(
        args,
        {"locale": args.locale, "rows": rows, "file": str(out)},
        f"wrote {rows} rows of {language.english} for a translator to {out}",
    )


def cmd_languages_import(args: argparse.Namespace, settings: Settings) -> None:
    from messages import catalog

    rt = open_cli_runtime(args, settings, need_schema=False)
    path = Path(args.file)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            report = catalog.import_sheet(
                args.locale,
                list(csv.DictReader(handle)),
                reviewer=args.reviewer,
                on=rt.clock.now().astimezone(settings.zone).date(),
            )
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    if report.errors:
        for line in report.errors[:50]:
            print(f"  {line}")
        raise CliError(f"{len(report.errors)} rows are wrong: nothing was written")
    emit(
        args,
        {"locale": args.locale, "changed": report.changed, "unchanged": report.unchanged},
        f"{args.locale}: {report.changed} strings changed, {report.unchanged} unchanged; "
        f"marked reviewed by {args.reviewer}",
    )


def add_commands(subparsers: Subparsers) -> None:
    """``languages``, ``languages export``, ``languages import``."""
    group = subparsers.add_parser("languages", help="the languages, and the translator's sheets")
    group.set_defaults(handler=cmd_languages_list)
    group.add_argument("--json", action="store_true", help="print one JSON object")
    inner = group.add_subparsers(dest="action")
    export = add_command(inner, "export", cmd_languages_export, "a sheet for a translator")
    export.add_argument("locale", type=_code)
    export.add_argument("--out", required=True, help="the CSV file to write")
    load = add_command(inner, "import", cmd_languages_import, "bring a corrected sheet back")
    load.add_argument("locale", type=_code)
    load.add_argument("file")
    load.add_argument("--reviewer", required=True, help='who reviewed it: "Name, Council"')
