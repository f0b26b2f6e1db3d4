"""Safeguarding, privacy and security on Telegram's side.

``guard`` runs before every other handler (its own group, so nothing else can
hide a disclosure): the words of every message, caption, edit and poll go
through ``bot.conversation.safety.screen``, wherever they were written, and a file over its limit
is refused kindly before anything is saved. ``/mydata`` gives a child their copy.
The "🆘 I don't feel safe" and "I'm on it" buttons arrive like every other button,
through ``common.button`` (``NotSafe`` and ``OnIt`` in ``bot.platform.buttons``).
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta

from telegram import Message, Update, Voice
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.conversation import commands, safety
from handlers.common import runtime, user_id
from handlers.send import send

log = logging.getLogger(__name__)


def prepare() -> None:
    """Compile the disclosure patterns at start-up, before the first child writes."""
    safety.prepare()


def _words(message: Message) -> tuple[list[str], str]:
    """The words in a message, and what kind of words they are (for the alert)."""
    if message.text:
        said = message.text
        if said.startswith("/"):
            command, _, rest = said.partition(" ")
            if command.split("@", 1)[0].lower() == "/start":
                return [], "command"  # an invite token, not words
            return [rest], "command"
        return [said], "message"
    if message.caption:
        return [message.caption], "caption"
    if message.poll is not None:
        return [message.poll.question, *(o.text for o in message.poll.options)], "poll"
    return [], "message"


def _file(message: Message) -> tuple[str, int | None, int | None] | None:
    """(kind, size in bytes, seconds) of the file a message carries, if any."""
    if message.photo:
        return "photo", message.photo[-1].file_size, None
    if message.voice is not None:
        return "voice", message.voice.file_size, _seconds(message.voice)
    for kind in ("animation", "video", "video_note", "audio", "document"):
        attachment = getattr(message, kind)
        if attachment is not None:
            return kind, attachment.file_size, None
    return None


def _seconds(voice: Voice) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's int-or-timedelta deprecation notice
        value = voice.duration
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


HELPED_UPDATE = "helped_update"


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every message and edit: screen the words, then refuse files too big to keep."""
    message = update.message or update.edited_message
    user = update.effective_user
    if message is None or user is None:
        return
    private = message.chat.type == "private"
    words, kind = _words(message)
    if update.edited_message is not None:
        kind = "edited"
    if not private:
        kind = "group"
    if any(words):
        replies = await asyncio.to_thread(safety.screen, runtime(context), user.id, words, kind)
        # The child (or helper) first: told at once. Then the adults, each on its own,
        # so one failed send never stops the next (and the dispatcher retries it).
        mine = [r for r in replies if r.notification_id is None]
        theirs = [r for r in replies if r.notification_id is not None]
        if mine and context.chat_data is not None:
            # Remembered for this update only: the child already has an answer from us.
            context.chat_data[HELPED_UPDATE] = update.update_id
        try:
            await send(context, mine)
        except Exception:
            log.exception("could not tell telegram user %s what happens next", user.id)
        await send(context, theirs)
    found = _file(message) if private and update.message is not None else None
    if found is not None:
        file_kind, size, seconds = found
        refused = await asyncio.to_thread(
            safety.too_big, runtime(context), user.id, file_kind, size, seconds
        )
        if refused:
            await send(context, refused)
            raise ApplicationHandlerStop


async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.my_data, runtime(context), user_id(update))
    await send(context, replies)
