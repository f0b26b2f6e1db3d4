"""``myreview run``: the bot itself, with long polling, and the web chat beside it
when ``MYREVIEW_WEB_URL`` is set; ``myreview web``: the web chat alone.

``handlers.app`` (and with it python-telegram-bot), ``web`` and uvicorn are imported
only when a server starts, so every other command starts without them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from bot.cli.common import CliError, Subparsers, add_command, open_cli_runtime
from bot.operations import health
from bot.platform.runtime import Runtime
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
    if settings.web_url is None:
        log.info("starting long polling")
        application.run_polling(allowed_updates=None, drop_pending_updates=False)
        return
    asyncio.run(_polling_and_web(rt, application))


async def _polling_and_web(rt: Runtime, application: Any) -> None:
    """Long polling and the web chat on one event loop: a web child's alert goes out
    through the same bot, and its rate limiter, as a Telegram child's."""
    from handlers.send import deliver

    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=None)
        log.info("starting long polling")
        try:
            await serve_web(rt, partial(deliver, application.bot, rt))
        finally:
            await application.updater.stop()
            await application.stop()


async def serve_web(rt: Runtime, deliver: Any) -> None:
    """The web chat under uvicorn on ``MYREVIEW_LISTEN``, until SIGINT or SIGTERM."""
    import uvicorn

    from web.app import Config, build_web_app

    settings = rt.settings
    # Browsers keep Secure cookies from http://localhost too: a developer's machine
    # runs the same cookies as production.
    url = urlsplit(settings.web_url or "https://localhost")
    secure = url.scheme == "https" or url.hostname in ("localhost", "127.0.0.1")
    if not secure:
        log.warning(
            "MYREVIEW_WEB_URL is http://: cookies are not Secure. Use https:// for children"
        )
    app = build_web_app(rt, deliver, Config(secure=secure, quick_exit_url=settings.quick_exit_url))
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=settings.listen_host,
            port=settings.listen_port,
            proxy_headers=True,  # the client's address from nginx, for the rate limits
            log_config=None,
            access_log=False,  # a URL can hold a link's token: never logged
            server_header=False,
        )
    )
    log.info("web chat listening on %s for %s", settings.listen, settings.web_url)
    await server.serve()


def cmd_web(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview web``: the web chat alone. Alerts go out through the bot when
    TELEGRAM_BOT_TOKEN is set; otherwise the dispatcher (``myreview run``) sends them."""
    if settings.web_url is None:
        raise CliError("MYREVIEW_WEB_URL is not set: the address children open")
    rt = open_cli_runtime(args, settings)
    for warning in health.warnings_at_start(rt):
        log.warning("%s", warning)
    asyncio.run(_web_alone(rt, settings))


async def _web_alone(rt: Runtime, settings: Settings) -> None:
    from web.app import web_posted_only

    if settings.telegram_bot_token is None:
        await serve_web(rt, web_posted_only(rt))
        return
    from handlers.app import build_application
    from handlers.send import deliver

    application = build_application(rt, reminders=False)
    async with application:
        await serve_web(rt, partial(deliver, application.bot, rt))


def add_commands(subparsers: Subparsers) -> None:
    """``run`` and ``web``."""
    add_command(
        subparsers, "run", cmd_run, "run the bot (long polling) and the web chat", json_flag=False
    )
    add_command(subparsers, "web", cmd_web, "serve the web chat alone", json_flag=False)
