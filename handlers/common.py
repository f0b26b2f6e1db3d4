"""Shared commands and guards: /start, /help, buttons, groups, edits and errors."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.conversation import buttons, commands
from bot.platform.runtime import Runtime
from handlers.send import send
from messages import text
from messages.render import Renderer

log = logging.getLogger(__name__)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


def user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def private_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Children's data never goes to a group: say so, and stop handling the update."""
    chat_room = update.effective_chat
    if chat_room is not None and chat_room.type != "private":
        if update.effective_message is not None and update.callback_query is None:
            await update.effective_message.reply_text(Renderer("en")(text.PRIVATE_CHATS_ONLY))
        elif update.callback_query is not None:
            await update.callback_query.answer(Renderer("en").plain(text.PRIVATE_CHATS_ONLY))
        raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    token = context.args[0] if context.args else None
    replies = await asyncio.to_thread(commands.start, runtime(context), user_id(update), token)
    await send(context, replies)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.help_text, runtime(context), user_id(update))
    await send(context, replies)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    message_id = query.message.message_id if query.message else None
    replies = await asyncio.to_thread(
        buttons.button, runtime(context), user_id(update), query.data, message_id
    )
    await send(context, replies, query)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: keep the first version (it may already be read) and say so."""
    if update.edited_message is not None:
        await update.edited_message.reply_text(Renderer("en")(text.EDITED_MESSAGE))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(Renderer("en")(text.UNKNOWN_COMMAND))


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
