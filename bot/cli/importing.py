"""``myreview import --csv FILE [--dry-run] [--json]``: load a caseload from a CSV file.

``bot.caseload.importer.import_csv`` checks and imports (all or nothing); this
module prints its report. Every error goes to stderr as one line (or into the
one JSON object with ``--json``) and the exit code is 1. The words are in
``messages/operator.py``.

(The module is ``importing``, not ``import``: that one is a Python keyword.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.caseload.importer import ImportReport
    from bot.platform.settings import Settings
from bot.cli.common import CliError, Subparsers, add_json_flag, emit, open_cli_runtime


def cmd_import(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview import --csv FILE [--dry-run] [--json]``."""
    from bot.caseload.importer import import_csv
    from bot.platform.db import refresh_statistics
    from messages import operator as words

    path = Path(args.csv)
    if not path.is_file():
        raise CliError(words.IMPORT_NO_SUCH_FILE.format(path=path))
    rt = open_cli_runtime(args, settings)
    with rt.session() as session:
        report = import_csv(session, rt.clock.now(), path, dry_run=args.dry_run, zone=settings.zone)
        if not report.dry_run and not report.errors:
            # A caseload is a bulk load: the planner's statistics are out of date at once.
            refresh_statistics(session)
    payload = {**report.as_dict(), "file": str(path)}
    if report.errors:
        if args.json:
            emit(args, payload, "")
        else:
            for problem in report.errors:
                print(f"myreview: {problem}", file=sys.stderr)
        rows = {e.row for e in report.errors if e.row is not None}
        where = words.IMPORT_IN_ROWS.format(count=len(rows)) if rows else words.IMPORT_IN_FILE
        raise CliError(words.IMPORT_NOTHING_IMPORTED.format(count=len(report.errors), where=where))
    emit(args, payload, report_text(report))


def report_text(report: ImportReport) -> str:
    """What the import did (or would do): one line a change, then the totals."""
    from messages import operator as words

    counts = report.counts()
    lines = [str(change) for change in report.changes]
    lines.append(words.IMPORT_SUMMARY.format(**counts))
    if report.dry_run:
        lines.append(words.IMPORT_DRY_RUN)
    elif counts["children_created"] or counts["workers_created"]:
        lines.append(words.IMPORT_INVITE_HINT)
    return "\n".join(lines)


def add_commands(subparsers: Subparsers) -> None:
    """``import``."""
    about = "load children, workers and review dates from a CSV file (see docs/import.md)"
    cmd = subparsers.add_parser("import", help=about, description=about)
    cmd.set_defaults(handler=cmd_import)
    cmd.add_argument("--csv", required=True, metavar="FILE", help="the CSV file (UTF-8)")
    cmd.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    add_json_flag(cmd)
