"""``myreview run``: the bot itself; ``myreview web``: the web chat alone.

``myreview run`` takes updates by long polling, or by webhook when
``TELEGRAM_WEBHOOK_URL`` is set. Its web server (uvicorn, on ``MYREVIEW_LISTEN``)
serves, on one event loop with the bot: the web chat when ``MYREVIEW_WEB_URL`` is
set, the webhook, and ``/healthz``, ``/readyz`` and ``/metrics``. With none of
those settings it is the plain long-polling bot, with no port open.

SIGTERM (or Ctrl-C) stops it cleanly: the server stops taking requests, the
updates in hand and the dispatcher's current message finish, within
``MYREVIEW_STOP_GRACE`` seconds, and the process exits 0.

``handlers.app`` (and with it python-telegram-bot), ``web`` and uvicorn are imported
only when a server starts, so every other command starts without them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.cli.common import CliError, Subparsers, add_command, open_cli_runtime

if TYPE_CHECKING:
    from bot.platform.runtime import Runtime
    from bot.platform.settings import Settings

log = logging.getLogger("myreview")


def cmd_run(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview run``: the bot answers until the process is stopped."""
    from bot.operations import health
    from handlers.app import build_application

    if settings.telegram_bot_token is None:
        raise CliError("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
    rt = open_cli_runtime(args, settings)
    for warning in health.warnings_at_start(rt):
        log.warning("%s", warning)
    _one_process_on_sqlite(settings)
    application = build_application(rt)
    if not settings.serves_http:
        log.info("starting long polling")
        application.run_polling(allowed_updates=None, drop_pending_updates=False)
        return
    asyncio.run(_bot_and_server(rt, application))


_SQLITE_LOCK: list[Any] = []  # the open lock file, held for the life of the process


def _one_process_on_sqlite(settings: Settings) -> None:
    """SQLite is the single-process default: say so if another ``myreview run`` already
    holds this database file (PostgreSQL is for several processes)."""
    import fcntl

    if not settings.database_url.startswith("sqlite:///"):
        return
    path = settings.database_url.removeprefix("sqlite:///")
    if not path or path == ":memory:":
        return
    handle = open(f"{path}.run-lock", "a")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log.warning(
            "another myreview run is using %s: SQLite is for one process; "
            "use PostgreSQL (DATABASE_URL=postgresql://...) for several",
            path,
        )
    _SQLITE_LOCK.append(handle)


async def _bot_and_server(rt: Runtime, application: Any) -> None:
    """The bot and the web server on one event loop: a web child's alert goes out
    through the same bot, and its rate limiter, as a Telegram child's."""
    from telegram import Update

    from handlers.send import deliver
    from handlers.webhook import webhook_route

    settings = rt.settings
    routes = []
    async with application:
        # run_polling calls post_init itself; run this way, it is ours to call (the
        # username for invite links, the menu, the patterns compiling).
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        if settings.telegram_webhook_url:
            assert settings.telegram_webhook_secret is not None
            secret = settings.telegram_webhook_secret.get_secret_value()
            routes.append(webhook_route(application, settings.telegram_webhook_url, secret))
            await application.bot.set_webhook(
                settings.telegram_webhook_url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info(
                "taking updates by webhook at %s", urlsplit(settings.telegram_webhook_url).path
            )
        else:
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=None)
            log.info("starting long polling")
        try:
            await serve(rt, partial(deliver, application.bot, rt), routes)
        finally:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            await application.stop()
    log.info("stopped cleanly")


async def serve(rt: Runtime, deliver: Any, routes: list[Any] | None = None) -> None:
    """uvicorn on ``MYREVIEW_LISTEN`` until SIGINT or SIGTERM."""
    import uvicorn

    from web.app import Config, build_web_app

    settings = rt.settings
    # Browsers keep Secure cookies from http://localhost too: a developer's machine
    # runs the same cookies as production.
    url = urlsplit(settings.web_url or "https://localhost")
    secure = url.scheme == "https" or url.hostname in ("localhost", "127.0.0.1")
    if not secure:
        log.warning("MYREVIEW_WEB_URL is http://: cookies are not Secure (use https://)")
    app = build_web_app(
        rt,
        deliver,
        Config(secure=secure, quick_exit_url=settings.quick_exit_url),
        extra_routes=routes,
        chat_routes=settings.web_url is not None,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=settings.listen_host,
            port=settings.listen_port,
            proxy_headers=True,  # the client's address from nginx, for the rate limits
            log_config=None,
            access_log=False,  # a URL can hold a link's token: never logged
            server_header=False,
            timeout_graceful_shutdown=int(settings.stop_grace),
        )
    )
    what = "the web chat, " if settings.web_url else ""
    log.info(
        "serving %shealth and metrics on %s", what, f"{settings.listen_host}:{settings.listen_port}"
    )
    # uvicorn stops on SIGINT/SIGTERM, then raises the signal again for whoever
    # handled it before; here that is "nothing": the caller stops the bot after it.
    previous = {s: signal.signal(s, lambda *_: None) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        await server.serve()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def cmd_web(args: argparse.Namespace, settings: Settings) -> None:
    """``myreview web``: the web chat alone. Alerts go out through the bot when
    TELEGRAM_BOT_TOKEN is set; otherwise the dispatcher (``myreview run``) sends them."""
    from bot.operations import health

    if settings.web_url is None:
        raise CliError("MYREVIEW_WEB_URL is not set: the address children open")
    rt = open_cli_runtime(args, settings)
    for warning in health.warnings_at_start(rt):
        log.warning("%s", warning)
    asyncio.run(_web_alone(rt, settings))


async def _web_alone(rt: Runtime, settings: Settings) -> None:
    from web.app import web_posted_only

    if settings.telegram_bot_token is None:
        await serve(rt, web_posted_only(rt))
        return
    from handlers.app import build_application
    from handlers.send import deliver

    application = build_application(rt, reminders=False)
    async with application:
        await serve(rt, partial(deliver, application.bot, rt))


def add_commands(subparsers: Subparsers) -> None:
    """``run`` and ``web``."""
    add_command(
        subparsers,
        "run",
        cmd_run,
        "run the bot (long polling or webhook), the web chat, health and metrics",
        json_flag=False,
    )
    add_command(subparsers, "web", cmd_web, "serve the web chat alone", json_flag=False)
