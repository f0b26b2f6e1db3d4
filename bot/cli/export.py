"""``myreview export --review ID --format pdf|docx|md|zip --out PATH``: a child's
My Review for their case record.

The document is made by ``bot.workspace.export`` and recorded in the audit log as
the operator's export. With ``TELEGRAM_BOT_TOKEN`` set, the child's photos (and,
in a zip, their voice notes) are first downloaded through the Bot API by file id,
as the Export button does; a web chat's own files come from the database. This
module downloads and writes the file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_json_flag, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.runtime import Runtime
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


def _downloaded(settings: Settings, rt: Runtime, file_ids: list[str]) -> dict[str, bytes]:
    """Each file's bytes, as the Export button gets them (``handlers.export.download``:
    through the Bot API, a web chat's own from the database); a file that cannot be had
    is left out, and the export lists it as kept in Telegram."""
    import asyncio
    import contextlib

    from bot.webchat import transcript

    if settings.telegram_bot_token is None:
        file_ids = [f for f in file_ids if transcript.is_web_file(f)]
    if not file_ids:
        return {}

    async def fetch() -> dict[str, bytes]:
        from telegram import Bot

        from handlers.export import download

        token = settings.telegram_bot_token
        bot = Bot(
            token.get_secret_value() if token else "0:no-token",  # web files need no bot
            base_url=settings.telegram_api_base_url,
            base_file_url=settings.telegram_api_base_file_url,
        )
        found = {}
        async with contextlib.AsyncExitStack() as stack:
            if not all(transcript.is_web_file(f) for f in file_ids):
                await stack.enter_async_context(bot)  # only Telegram's files need the bot
            for file_id in file_ids:
                content = await download(bot, rt, file_id)
                if content is None:
                    print("myreview: warning: a file could not be downloaded; "
                          "the export says it is kept in Telegram", file=sys.stderr)  # fmt: skip
                else:
                    found[file_id] = content
        return found

    return asyncio.run(fetch())


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview export --review ID --format pdf|docx|md|zip --out PATH``."""
    from bot.workspace.export import export_bundle, export_review, media_file_ids

    rt = open_cli_runtime(args, settings)
    target = Path(args.out)
    if args.format in ("pdf", "docx", "zip"):
        with rt.session() as session:
            wanted = media_file_ids(session, args.review)
        if wanted and settings.telegram_bot_token is None:
            print("myreview: warning: TELEGRAM_BOT_TOKEN is not set, so photos and voice notes "
                  "are not downloaded; the export says they are kept in Telegram",
                  file=sys.stderr)  # fmt: skip
        files = _downloaded(settings, rt, wanted)
    else:
        files = {}
    with rt.session() as session:
        if args.format == "zip":
            document = export_bundle(
                session, rt.clock.now(), args.review, file_bytes=files.get, zone=settings.zone
            )
        else:
            document = export_review(
                session,
                rt.clock.now(),
                args.review,
                args.format,
                file_bytes=files.get,
                zone=settings.zone,
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
    from messages.export import BUNDLE, FORMATS

    about = (
        "export a child's My Review for their case record (PDF, DOCX, Markdown, or a "
        "zip of the PDF, the DOCX, the photos and voice notes, and a manifest)"
    )
    cmd = subparsers.add_parser("export", help=about, description=about)
    cmd.set_defaults(handler=cmd_export)
    cmd.add_argument("--review", type=int, required=True, help="the review's id")
    cmd.add_argument("--format", choices=(*FORMATS, BUNDLE), required=True)
    cmd.add_argument("--out", required=True, help="the file to write (or a folder)")
    add_json_flag(cmd)
