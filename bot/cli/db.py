"""``myreview db upgrade``: create the schema, or bring it up to the code's.

The one command that runs on an out-of-date schema: it is how the schema gets
up to date.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import Subparsers, add_command, add_group, emit, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview db upgrade [--json]``."""
    from bot.platform import db as database
    from bot.platform.encryption import check_data_key, key_source

    rt = open_cli_runtime(args, settings, need_schema=False)
    database.upgrade(rt.db)
    # The data key's check value, now that there is a table to keep it in.
    assert rt.cipher is not None
    check_data_key(rt.db, rt.cipher, key_source(settings))
    with rt.session() as session:
        database.refresh_statistics(session)
    revision = database.current_revision(rt.db)
    emit(args, {"revision": revision}, f"database is at revision {revision}")


def add_commands(subparsers: Subparsers) -> None:
    """``db upgrade``."""
    db_cmd = add_group(subparsers, "db", "the database schema")
    add_command(db_cmd, "upgrade", cmd_db_upgrade, "create or upgrade the schema")
