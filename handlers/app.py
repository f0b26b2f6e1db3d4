"""Wiring the python-telegram-bot Application: settings, rate limiter, handlers."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import warnings
from datetime import timedelta

from telegram import Bot, BotCommand
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot.conversation import safety
from bot.conversation.commands import STRANGERS_MENU
from bot.outbox import dispatcher
from bot.outbox.sender import Blocked, RateLimited, Rejected, Temporary
from bot.people.addresses import is_web
from bot.platform import logs
from bot.platform.replies import Button, Reply
from bot.platform.runtime import BOT_USERNAME, Runtime
from bot.webchat import transcript
from handlers.rate_limiter import BACKGROUND, CountingRateLimiter
from handlers.send import keyboard
from handlers.update_order import PerPersonOrder
from messages import text
from messages.languages import SOURCE
from messages.render import Renderer, available_locales
from models import Setting

log = logging.getLogger(__name__)

REMINDERS_JOB = "reminders"
REMINDERS_EVERY = 60
"""Seconds between dispatcher passes (design principle 2: reminders are rows)."""


def build_application(
    rt: Runtime,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    rate_limiter: bool = True,
    reminders: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The real Application. Tests and the demo pass the in-process Bot API as ``request``."""
    settings = rt.settings
    if token is None:
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        token = settings.telegram_bot_token.get_secret_value()
    logs.hide(token)  # PTB and httpx put it in every URL; never in a log line
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .post_init(_post_init)
        # Side by side, each person's updates in order (handlers/update_order.py).
        .concurrent_updates(PerPersonOrder())
    )
    if rate_limiter:
        # Telegram's flood limits, with retries after 429s handled by PTB.
        builder = builder.rate_limiter(CountingRateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["runtime"] = rt
    handlers.register(application)
    if reminders and application.job_queue is not None:
        # Every minute, once the Application is running: a pass of the dispatcher.
        application.job_queue.run_repeating(
            run_reminders,
            interval=REMINDERS_EVERY,
            first=REMINDERS_EVERY,
            name=REMINDERS_JOB,
            job_kwargs={"max_instances": 1, "coalesce": True},
        )
    return application


class TelegramSender:
    """The dispatcher's ``Sender``: the Application's bot, so sends go through its rate
    limiter (which waits and retries after a 429 as Telegram asks)."""

    def __init__(self, bot: Bot, rt: Runtime | None = None) -> None:
        self.bot = bot
        self.rt = rt

    def _post_web(self, reply: Reply) -> int:
        assert self.rt is not None
        with self.rt.session() as session:
            return transcript.post(session, reply, self.rt.clock.now())

    async def send(
        self, chat_id: int, text: str, buttons: list[list[Button]], *, urgent: bool = False
    ) -> int:
        if is_web(chat_id):
            return await asyncio.to_thread(self._post_web, Reply(chat_id, text, buttons))
        try:
            # A reminder waits for people's messages (handlers/rate_limiter.py); an alert
            # the outbox re-sends does not.
            message = await self.bot.send_message(
                chat_id,
                text,
                reply_markup=keyboard(buttons),
                rate_limit_args=None if urgent else BACKGROUND,
            )
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except RetryAfter as exc:
            raise RateLimited(_seconds(exc)) from exc
        except BadRequest as exc:  # a NetworkError subclass, but permanent
            raise Rejected(exc.message) from exc
        except NetworkError as exc:  # time-outs, connection errors and 5xx
            raise Temporary(f"{type(exc).__name__}: {exc.message}") from exc
        except TelegramError as exc:
            raise Rejected(f"{type(exc).__name__}: {exc.message}") from exc
        return message.message_id

    async def send_photo(self, chat_id: int, photo: str, caption: str) -> int:
        """A photo by file id (an IRO's profile photo), after a message."""
        if is_web(chat_id):
            # A Telegram file id cannot be shown on the web: the message says it all.
            return 0
        try:
            message = await self.bot.send_photo(chat_id, photo, caption=caption or None)
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except TelegramError as exc:
            raise Rejected(f"{type(exc).__name__}: {exc.message}") from exc
        return message.message_id


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's int-or-timedelta deprecation notice
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def one_reminders_pass(
    rt: Runtime, *, token: str | None = None, request: BaseRequest | None = None
) -> dispatcher.PassReport:
    """``myreview reminders run``: one pass through a short-lived, rate-limited bot."""
    application = build_application(rt, token=token, request=request, reminders=False)
    async with application:
        return await dispatcher.run_pass(rt, TelegramSender(application.bot, rt))


async def run_reminders(context: ContextTypes.DEFAULT_TYPE) -> dispatcher.PassReport:
    """The JobQueue job: one dispatcher pass (the report is for tests and logs)."""
    rt: Runtime = context.application.bot_data["runtime"]
    return await dispatcher.run_pass(rt, TelegramSender(context.bot, rt))


PUBLISHED = "published:"
"""``Setting`` key prefix: a digest of what was last published for a bot (its menu and
descriptions), so a restart publishes again only when the words changed."""


def _profile() -> list[tuple[str | None, str, str]]:
    """The bot's description and short description in every language Telegram has a
    code for (a Dari or Sorani phone reports another code, or none, and reads the
    English until the child chooses their language)."""
    found = []
    for locale in available_locales():
        code = None if locale == SOURCE else locale
        if code is not None and len(code) != 2:
            continue  # Telegram takes two-letter ISO 639-1 codes only
        render = Renderer(locale)
        found.append(
            (code, render.plain(text.BOT_DESCRIPTION), render.plain(text.BOT_SHORT_DESCRIPTION))
        )
    return found


async def _publish(bot: Bot, menu: list[BotCommand]) -> None:
    """What the empty chat says the bot is and who reads the answers, and strangers'
    menu: every call at once, so a start waits for one round trip, not twenty."""
    calls = [bot.set_my_commands(menu)]
    for code, description, short in _profile():
        calls.append(bot.set_my_description(description, language_code=code))
        calls.append(bot.set_my_short_description(short, language_code=code))
    await asyncio.gather(*calls)


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
    # Strangers see /start and /help; each person gets their own menu once they are
    # known (bot/conversation/commands.py, MENUS).
    menu = [BotCommand(name, render.plain(words)) for name, words in STRANGERS_MENU]
    digest = hashlib.sha256(
        json.dumps([[c.command, c.description] for c in menu] + _profile()).encode()
    ).hexdigest()
    key = f"{PUBLISHED}{username}"
    with rt.session() as session:
        published = session.get(Setting, key)
        unchanged = published is not None and published.value == digest
    if not unchanged:
        await _publish(application.bot, menu)
        with rt.session() as session:
            session.merge(Setting(key=key, value=digest))
    # The disclosure patterns compile now, off the start-up path: polling starts at once.
    safety.prepare()
    log.info("bot @%s ready", username)
