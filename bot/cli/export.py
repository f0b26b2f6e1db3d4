"""``myreview export --review ID --format pdf|docx|md --out PATH``: a child's My
Review for their case record.

The document is made by ``bot.workspace.export.export_review`` and recorded in
the audit log as the operator's export; this module only writes the file.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_json_flag, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def _write(path: Path, content: bytes) -> None:
    """Write the whole file or nothing; the file is readable by its owner only."""
    from bot.platform.errors import UserError

    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".myreview-export-")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview export --review ID --format pdf|docx|md --out PATH``."""
    from bot.workspace.export import export_review

    rt = open_cli_runtime(args, settings)
    target = Path(args.out)
    with rt.session() as session:
        document = export_review(
            session, rt.clock.now(), args.review, args.format, zone=settings.zone
        )
        path = target / document.filename if target.is_dir() else target
        _write(path, document.content)  # an error here rolls the audit row back too
    payload = {
        "review": args.review,
        "format": args.format,
        "path": str(path),
        "bytes": len(document.content),
    }
    emit(args, payload, f"review {args.review} exported to {path}")


def add_commands(subparsers: Subparsers) -> None:
    """``export``."""
    from messages.export import FORMATS

    about = "export a child's My Review for their case record (PDF, DOCX or Markdown)"
    cmd = subparsers.add_parser("export", help=about, description=about)
    cmd.set_defaults(handler=cmd_export)
    cmd.add_argument("--review", type=int, required=True, help="the review's id")
    cmd.add_argument("--format", choices=FORMATS, required=True)
    cmd.add_argument("--out", required=True, help="the file to write (or a folder)")
    add_json_flag(cmd)
