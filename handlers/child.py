"""A child's side (or a helper's, sitting with a child): My Review and their words."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.conversation import commands, typed
from handlers.common import runtime, user_id
from handlers.safety import HELPED_UPDATE
from handlers.send import send


async def my_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.my_review, runtime(context), user_id(update))
    await send(context, replies)


async def my_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.my_words, runtime(context), user_id(update))
    await send(context, replies)


async def words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    # A child the safeguarding check just answered needs no "type /myreview" as well.
    helped = (context.chat_data or {}).get(HELPED_UPDATE) == update.update_id
    replies = await asyncio.to_thread(
        typed.words, runtime(context), user_id(update), update.message.text, quiet_when_idle=helped
    )
    await send(context, replies)


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    assert message is not None and message.photo
    # The largest size is last; its file id is what the IRO will be sent.
    file_id = message.photo[-1].file_id
    replies = await asyncio.to_thread(
        typed.media, runtime(context), user_id(update), "photo", file_id, message.caption
    )
    await send(context, replies)


async def voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    assert message is not None and message.voice is not None
    replies = await asyncio.to_thread(
        typed.media,
        runtime(context),
        user_id(update),
        "voice",
        message.voice.file_id,
        message.caption,
    )
    await send(context, replies)


async def other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(typed.other, runtime(context), user_id(update))
    await send(context, replies)
