"""Wiring the python-telegram-bot Application: settings, rate limiter, handlers."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, Defaults
from telegram.request import BaseRequest

import handlers
from bot.runtime import BOT_USERNAME, Runtime
from messages import text
from messages.render import Renderer
from models import Setting

log = logging.getLogger(__name__)


def build_application(
    rt: Runtime,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The real Application. Tests and the demo pass the in-process Bot API as ``request``."""
    settings = rt.settings
    if token is None:
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        token = settings.telegram_bot_token.get_secret_value()
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .post_init(_post_init)
    )
    if rate_limiter:
        # Telegram's flood limits, with retries after 429s handled by PTB.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["runtime"] = rt
    handlers.register(application)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Remember the bot's username (for invite links) and publish the command menu."""
    rt: Runtime = application.bot_data["runtime"]
    username = application.bot.username
    with rt.session() as session:
        row = session.get(Setting, BOT_USERNAME)
        if row is None:
            session.add(Setting(key=BOT_USERNAME, value=username))
        elif row.value != username:
            row.value = username
            session.add(row)
    render = Renderer("en")
    commands = [
        ("start", text.COMMAND_START),
        ("help", text.COMMAND_HELP),
        ("myreview", text.COMMAND_MYREVIEW),
        ("mywords", text.COMMAND_MYWORDS),
        ("reviews", text.COMMAND_REVIEWS),
        ("helpchild", text.COMMAND_HELPCHILD),
        ("stophelping", text.COMMAND_STOPHELPING),
    ]
    await application.bot.set_my_commands(
        [BotCommand(name, render.plain(description)) for name, description in commands]
    )
    log.info("bot @%s ready", username)
