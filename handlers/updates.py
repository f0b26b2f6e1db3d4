"""Telegram updates as plain values, handed to the core in one unit of work.

Each adapter below reads what python-telegram-bot parsed, makes one
``Incoming`` (``bot.conversation.incoming``), runs ``bot.conversation.handle``
in a worker thread (the database driver is synchronous), and sends what comes
back. The update's key is the bot's id and Telegram's ``update_id``, so an update
Telegram delivers twice is acted on once.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta
from typing import Any

from telegram import ChatMember, Message, Update, Voice
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.conversation.handle import handle
from bot.conversation.incoming import Incoming, Kind
from bot.platform.runtime import Runtime
from handlers.send import send
from messages import text
from messages.render import Renderer

log = logging.getLogger(__name__)

FILE_KINDS = ("animation", "video", "video_note", "audio", "document")


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


def key_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """``tg:<bot id>:<update id>``: unique across bots sharing a database."""
    return f"tg:{context.bot.id}:{update.update_id}"


async def dispatch(
    update: Update, context: ContextTypes.DEFAULT_TYPE, kind: Kind, **values: Any
) -> None:
    """One update into the core, and its replies out, in order."""
    user = update.effective_user
    if user is None:
        return
    chat = update.effective_chat
    incoming = Incoming(
        user_id=user.id,
        kind=kind,
        key=key_of(update, context),
        private=chat is None or chat.type == "private",
        chat_id=chat.id if chat is not None else None,
        language_hint=user.language_code,
        **values,
    )
    replies = await asyncio.to_thread(handle, runtime(context), incoming)
    await send(context, replies, update.callback_query)


def _words(message: Message) -> tuple[tuple[str, ...], str]:
    """The words in a message, and where they were written (for the alert)."""
    if message.text:
        said = message.text
        if said.startswith("/"):
            command, _, rest = said.partition(" ")
            if command.split("@", 1)[0].lower() == "/start":
                return (), "command"  # an invite token, not words
            return (rest,), "command"
        return (said,), "message"
    if message.caption:
        return (message.caption,), "caption"
    if message.poll is not None:
        return (message.poll.question, *(o.text for o in message.poll.options)), "poll"
    return (), "message"


def _seconds(voice: Voice) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's int-or-timedelta deprecation notice
        value = voice.duration
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


def _file(message: Message) -> dict[str, Any]:
    """What file a message carries, for the size check (the bot never downloads it)."""
    if message.photo:
        largest = message.photo[-1]  # the largest size is last: the one the IRO is sent
        return {"file_kind": "photo", "file_size": largest.file_size, "file_id": largest.file_id}
    if message.voice is not None:
        return {
            "file_kind": "voice",
            "file_size": message.voice.file_size,
            "file_id": message.voice.file_id,
            "seconds": _seconds(message.voice),
        }
    for kind in FILE_KINDS:
        attachment = getattr(message, kind)
        if attachment is not None:
            return {"file_kind": kind, "file_size": attachment.file_size}
    return {}


def _message_values(message: Message) -> dict[str, Any]:
    words, source = _words(message)
    return {"words": words, "source": source, "text": message.text or message.caption}


# --- the adapters, registered in handlers/__init__.py -----------------------------------


async def group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Children's data never goes to a group: the words are still screened, then no."""
    chat = update.effective_chat
    if chat is None or chat.type == "private":
        return
    if update.callback_query is not None:
        await dispatch(update, context, "button", data=update.callback_query.data)
    elif update.effective_message is not None:
        await dispatch(update, context, "text", **_message_values(update.effective_message))
    raise ApplicationHandlerStop


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: screened like any words, never taken as a new answer."""
    message = update.edited_message
    if message is not None:
        values = _message_values(message)
        await dispatch(update, context, "edited", words=values["words"], source="edited")


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command, known or not; the core knows which is which."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split(" ", 1)[0].removeprefix("/").split("@", 1)[0].lower()
    argument = context.args[0] if context.args else None
    await dispatch(
        update, context, "command", command=name, argument=argument, **_message_values(message)
    )


async def words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await dispatch(update, context, "text", **_message_values(update.message))


async def media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, a voice note, or anything else a person can send."""
    message = update.message
    assert message is not None
    found = _file(message)
    kind: Kind = "other"
    if found.get("file_kind") == "photo":
        kind = "photo"
    elif found.get("file_kind") == "voice":
        kind = "voice"
    await dispatch(update, context, kind, **_message_values(message), **found)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    message_id = query.message.message_id if query.message else None
    await dispatch(update, context, "button", data=query.data, message_id=message_id)


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``my_chat_member``: someone blocked the bot (or unblocked it)."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    if status == ChatMember.BANNED:
        await dispatch(update, context, "blocked")
    elif status == ChatMember.MEMBER:
        await dispatch(update, context, "unblocked")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the cause with ids only, and tell the person kindly that nothing is lost."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error(
        "update %s failed: %s",
        update_id,
        type(context.error).__name__,
        exc_info=(type(context.error), context.error, context.error.__traceback__)
        if context.error
        else None,
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(
                update.effective_chat.id, Renderer("en")(text.SOMETHING_WENT_WRONG)
            )
        except Exception:
            log.exception("could not tell chat %s about the failure", update.effective_chat.id)
