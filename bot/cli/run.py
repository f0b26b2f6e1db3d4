"""``myreview run``: the bot itself, with long polling.

``handlers.app`` (and with it python-telegram-bot) is imported only when the bot
starts, so every other command starts without it.
"""

from __future__ import annotations

import argparse
import logging

from bot.cli.common import CliError, Subparsers, add_command, open_cli_runtime
from bot.operations import health
from bot.platform.settings import Settings

log = logging.getLogger("myreview")


def cmd_run(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview run``: the bot answers until the process is stopped."""
    from handlers.app import build_application

    if settings.telegram_bot_token is None:
        raise CliError("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
    rt = open_cli_runtime(args, settings)
    for warning in health.warnings_at_start(rt):
        log.warning("%s", warning)
    application = build_application(rt)
    log.info("starting long polling")
    application.run_polling(allowed_updates=None, drop_pending_updates=False)


def add_commands(subparsers: Subparsers) -> None:
    """``run``."""
    add_command(subparsers, "run", cmd_run, "run the bot (long polling)", json_flag=False)
