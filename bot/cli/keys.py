"""``myreview keys``: the data key that seals children's answers at rest.

* ``keys new``: print a fresh key for ``MYREVIEW_DATA_KEY``;
* ``keys rotate [--new-key]``: re-encrypt every sealed value with the first key
  (see ``bot/privacy/key_rotation.py`` for the steps without downtime).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CliError, Subparsers, add_command, add_group, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def cmd_keys_new(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview keys new``: needs no database, so it works before there is one."""
    from bot.platform.encryption import new_key

    key = new_key()
    emit(args, {"key": key}, key)


def _prepend_key(path: Path) -> None:
    """Put a fresh key first in the embedded key file (comma-separated, like
    MYREVIEW_DATA_KEY; mode 0600; replaced atomically, so it is never half written)."""
    from bot.platform.encryption import new_key

    old = [part.strip() for part in path.read_text().split(",")] if path.exists() else []
    fresh = path.with_name(path.name + ".new")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(",".join([new_key(), *(key for key in old if key)]) + "\n")
    os.replace(fresh, path)


def cmd_keys_rotate(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview keys rotate [--new-key]``."""
    from bot.platform.encryption import key_file_for, load_cipher
    from bot.privacy.key_rotation import rotate
    from models import set_cipher

    rt = open_cli_runtime(args, settings)
    if args.new_key:
        database = settings.sqlite_path
        if settings.data_key is not None or database is None:
            raise CliError(
                "--new-key works with the embedded key file only. With MYREVIEW_DATA_KEY: "
                "make a key with `myreview keys new`, put it first (NEW,OLD), restart, then "
                "run `myreview keys rotate`"
            )
        _prepend_key(key_file_for(database))
    cipher = load_cipher(settings)
    set_cipher(cipher)
    report = rotate(rt.db, cipher)
    payload = {"values": report.values, "columns": list(report.columns), "new_key": args.new_key}
    human = f"re-encrypted {report.values} values in {', '.join(report.columns)} with the first key"
    if args.new_key:
        human += (
            "\nthe new key is first in the key file; restart the bot so it writes with it, "
            "then run `myreview keys rotate` once more"
        )
    emit(args, payload, human)


def add_commands(subparsers: Subparsers) -> None:
    """``keys new|rotate``."""
    keys = add_group(subparsers, "keys", "the data key")
    add_command(keys, "new", cmd_keys_new, "print a new key for MYREVIEW_DATA_KEY")
    rotation = add_command(
        keys, "rotate", cmd_keys_rotate, "re-encrypt every answer with the new key"
    )
    rotation.add_argument(
        "--new-key", action="store_true", help="embedded key file: add a fresh key first"
    )
