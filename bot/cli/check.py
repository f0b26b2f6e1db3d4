"""``myreview check [--json]``: is this service able to do its job?

The database, the schema, the data key and the safeguarding duty route, each
``ok``, ``warning`` or ``failed``. It exits 1 when anything failed, so a deploy
script or a monitor can run it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import CliError, Subparsers, add_command, emit

if TYPE_CHECKING:
    from bot.platform.settings import Settings


def cmd_check(args: argparse.Namespace, settings: Settings) -> None:
    from bot.operations import health
    from bot.platform.encryption import DataKeyError
    from bot.platform.runtime import open_runtime

    try:
        rt = open_runtime(settings)
    except DataKeyError as exc:
        raise CliError(str(exc)) from exc
    found = health.checks(rt)
    overall = health.worst(found)
    lines = [f"{c.state:8} {c.name}" + (f": {c.detail}" if c.detail else "") for c in found]
    emit(args, {"state": overall, "checks": [c.as_json() for c in found]}, "\n".join(lines))
    if overall == "failed":
        raise CliError("the service cannot run as it is: see above")


def add_commands(subparsers: Subparsers) -> None:
    """``check``."""
    add_command(subparsers, "check", cmd_check, "check the database, key and duty route")
