"""What every ``myreview`` command shares: its errors, its argument types, its
output, its runtime and the way a command is registered.

Commands import these from here, never from ``bot.cli`` itself, so the
package's ``__init__`` can import the modules that hold them, to build the
parser, without an import cycle.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from bot.platform.clock import Clock
    from bot.platform.runtime import Runtime
    from bot.platform.settings import Settings

#: What ``add_subparsers`` returns: a command group's list of commands.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
#: Every command: the parsed arguments and the settings; output goes to stdout.
Handler: TypeAlias = "Callable[[argparse.Namespace, Settings], None]"


class CliError(Exception):
    """Printed as one line; the exit code is 1."""


def parse_date(value: str) -> date:
    """An argparse type for ``YYYY-MM-DD``, so a typo is a usage error, not a traceback."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            raise argparse.ArgumentTypeError(f"that date doesn't exist: {value}") from exc
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from exc


def parse_moment(value: str) -> datetime:
    """An argparse type for ``--now``: an ISO moment. Without a time zone it is the
    service's local time, as ``reviews add --at`` reads it (resolved, and a time the
    clocks skip or pass twice refused, once the settings are known: ``open_cli_runtime``)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date and time: {value!r}") from exc


def emit(args: argparse.Namespace, payload: dict[str, Any], human: str) -> None:
    """Print the result once: one JSON object with ``--json`` (for scripts), else
    the lines a person reads."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        print(human)


def open_cli_runtime(
    args: argparse.Namespace, settings: Settings, *, need_schema: bool = True
) -> Runtime:
    """The runtime for one command, on a frozen clock when ``--now`` is given.

    An unreadable data key, or (unless ``need_schema`` is false, as for
    ``db upgrade``) a schema behind the code, is a ``CliError`` before anything
    is read or written.
    """
    from bot.calendar.reviews import parse_local
    from bot.platform import db as database
    from bot.platform.clock import FrozenClock, SystemClock
    from bot.platform.encryption import DataKeyError
    from bot.platform.runtime import open_runtime

    now = getattr(args, "now", None)
    if now is not None and now.tzinfo is None:
        now = parse_local(now.isoformat(), settings.zone)
    clock: Clock = FrozenClock(now) if now is not None else SystemClock()
    try:
        rt = open_runtime(settings, clock)
    except DataKeyError as exc:
        raise CliError(str(exc)) from exc
    if need_schema and not database.schema_is_current(rt.db):
        raise CliError("the database schema is not up to date: run `myreview db upgrade` first")
    return rt


def web_link(rt: Runtime, token: str) -> str | None:
    """``<MYREVIEW_WEB_URL>/j/<token>``: the web chat's link, when it is served."""
    base = rt.settings.web_url
    return f"{base}/j/{token}" if base else None


def invite_link(rt: Runtime, token: str) -> str | None:
    """``https://t.me/<bot>?start=<token>``, once the bot's username is known."""
    from bot.platform.runtime import BOT_USERNAME
    from models import Setting

    username = rt.settings.telegram_bot_username
    if not username:
        with rt.session() as session:
            row = session.get(Setting, BOT_USERNAME)
            username = row.value if row else None
    return f"https://t.me/{username}?start={token}" if username else None


# --- registering commands ----------------------------------------------------------


def add_group(subparsers: Subparsers, name: str, help_text: str) -> Subparsers:
    """A command with sub-commands (``myreview people ...``): returns where they go."""
    return subparsers.add_parser(name, help=help_text).add_subparsers(dest="action", required=True)


def add_command(
    parent: Subparsers,
    name: str,
    handler: Handler,
    help_text: str,
    json_flag: bool = True,
) -> argparse.ArgumentParser:
    """One command that runs ``handler``, its help also its description; with
    ``json_flag`` it takes ``--json``, added before the command's own options."""
    cmd = parent.add_parser(name, help=help_text, description=help_text)
    cmd.set_defaults(handler=handler)
    if json_flag:
        add_json_flag(cmd)
    return cmd


def add_json_flag(cmd: argparse.ArgumentParser) -> None:
    """``--json``: print exactly one JSON object on stdout (see ``emit``)."""
    cmd.add_argument("--json", action="store_true", help="print one JSON object")
