"""``myreview``: the command line for operators and scripts.

Every command that changes data runs in one transaction: an error prints one
line to stderr, exits non-zero and writes nothing. ``--json`` prints exactly
one JSON object on stdout.

Each command group is its own module with an ``add_commands(subparsers)``
(``bot/cli/db.py``, ``people.py``, ...), on top of the core and of
``bot/cli/common.py``; this package's ``__init__`` only puts them together in
``build_parser`` and runs one in ``main``. Nothing outside ``bot/cli`` imports
``bot.cli``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, NoReturn

from bot.cli import (
    alerts,
    check,
    consultations,
    db,
    demo,
    export,
    importing,
    keys,
    languages,
    people,
    privacy,
    reminders,
    reviews,
    run,
    stats,
)
from bot.cli.common import CliError, parse_moment

if TYPE_CHECKING:
    from bot.platform.settings import Settings


class UsageError(Exception):
    """A command line argparse cannot read: one line, exit 1, like every other error."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 1 (argparse prints its whole
    usage block and exits 2), naming the --help that explains."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    """The whole ``myreview`` parser; ``args.handler`` is the chosen command."""
    parser = _Parser(
        prog="myreview", description="My Review: a child's voice at their own review meeting."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    # The order is the order ``myreview --help`` lists them in: setting up, the
    # people and their reviews, the children's words out and caseloads in, the
    # figures, then keeping data safe, and last running the bot (or the demo).
    db.add_commands(sub)  # db upgrade
    people.add_commands(sub)  # people add|invite|deactivate|left-care
    reviews.add_commands(sub)  # reviews add|list|move|cancel|next|held
    reminders.add_commands(sub)  # reminders run|plan
    consultations.add_commands(sub)  # consultations show
    export.add_commands(sub)  # export
    importing.add_commands(sub)  # import
    stats.add_commands(sub)  # stats
    keys.add_commands(sub)  # keys new|rotate
    privacy.add_commands(sub)  # retention run, audit
    alerts.add_commands(sub)  # alerts list|show
    languages.add_commands(sub)  # languages [export|import]
    check.add_commands(sub)  # check
    run.add_commands(sub)  # run
    demo.add_commands(sub, main)  # demo

    # A fixed moment for every command (the demo and tests); not in --help.
    parser.add_argument("--now", type=parse_moment, help=argparse.SUPPRESS)
    return parser


_depth = 0
"""How many ``main`` calls are running in this process (the demo calls it from inside)."""


def _logging(args: argparse.Namespace, settings: Settings) -> AbstractContextManager[None]:
    """MYREVIEW_LOG_LEVEL, or INFO for the bot and the demo and WARNING for the rest
    (their output is for people and scripts); tokens and words never logged."""
    from bot.platform import logs

    level = settings.log_level or ("INFO" if args.command in ("run", "demo") else "WARNING")
    token = settings.telegram_bot_token
    return logs.configured(
        level, secrets=[token.get_secret_value() if token else None], fmt=settings.log_format
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is 0, or 1 for any error (usage errors too)."""
    global _depth
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(f"myreview: {exc}", file=sys.stderr)
        return 1
    # The heavy parts only now that a command is to run (``--help`` needs none of them).
    from cryptography.fernet import InvalidToken

    from bot.platform.encryption import HINT, DataKeyError
    from bot.platform.errors import UserError
    from bot.platform.settings import SettingsError, load_settings
    from models import SealedValueError

    try:
        settings = load_settings()
        # The demo runs commands inside its own: they keep its logging.
        logging = _logging(args, settings) if _depth == 0 else contextlib.nullcontext()
        _depth += 1
        # Every file a command makes (the database, its key file, an export) is its
        # owner's only: children's data is never world-readable, whatever the umask.
        umask = os.umask(0o077)
        try:
            with logging:
                args.handler(args, settings)
        finally:
            os.umask(umask)
            _depth -= 1
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(f"myreview: {line}", file=sys.stderr)
        return 1
    except (UserError, CliError, DataKeyError, SealedValueError) as exc:
        print(f"myreview: {exc}", file=sys.stderr)
        return 1
    except InvalidToken:  # a token opened outside a sealed column: the same, plainly
        print(
            f"myreview: a sealed value cannot be opened with the data key {HINT}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
