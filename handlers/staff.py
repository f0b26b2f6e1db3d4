"""IROs, social workers and carers: upcoming reviews, and helping a child."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.conversation import commands
from handlers.common import runtime, user_id
from handlers.send import send


async def reviews(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.reviews, runtime(context), user_id(update))
    await send(context, replies)


async def help_child(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.help_child, runtime(context), user_id(update))
    await send(context, replies)


async def stop_helping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replies = await asyncio.to_thread(commands.stop_helping, runtime(context), user_id(update))
    await send(context, replies)
