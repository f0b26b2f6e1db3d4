"""The Export button, on Telegram's side.

It has its own handler because the child's photos are downloaded through the
Bot API (``get_file``) before the document is made, as ``myreview export``
embeds them: ``bot.conversation.exports.prepare`` checks the tap, this module
downloads, ``exports.finish`` checks again and makes the document.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import exports
from bot.platform.runtime import Runtime
from bot.webchat import transcript
from handlers.send import send
from handlers.updates import button, runtime

log = logging.getLogger(__name__)

EXPORT_PATTERN = exports.is_export
"""The Export button's data (PTB calls it with each button's data)."""
MAX_PHOTO_BYTES = 20 * 1024 * 1024
"""The Bot API's download limit (for a voice note too)."""


async def download(bot: Bot, rt: Runtime, file_id: str) -> bytes | None:
    """One photo's or voice note's bytes for an export, or None (the export then lists
    it as kept in Telegram). The Export button and ``myreview export`` both use it. A
    file sent on the web chat is the product's own, and is read from the database."""
    if transcript.is_web_file(file_id):
        return await asyncio.to_thread(_web_file, rt, file_id)
    try:
        file = await bot.get_file(file_id)
        if file.file_size is not None and file.file_size > MAX_PHOTO_BYTES:
            return None
        return bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("a file for an export could not be downloaded: %s", type(exc).__name__)
        return None


def _web_file(rt: Runtime, file_id: str) -> bytes | None:
    with rt.session() as session:
        row = transcript.file_row(session, file_id)
        return row.content if row is not None and row.kind in ("photo", "voice") else None


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "📄 Export PDF" and "📝 Export Word" buttons under a consultation view."""
    query = update.callback_query
    assert query is not None
    if not exports.is_export(query.data):
        # PTB hands a button with empty data to the first button handler whatever its
        # pattern: it is not an Export, so it gets the answer any unreadable button gets.
        await button(update, context)
        return
    data = query.data if isinstance(query.data, str) else ""
    assert update.effective_user is not None
    rt, who = runtime(context), update.effective_user.id
    plan = await asyncio.to_thread(exports.prepare, rt, who, data)
    if plan.refusal:
        await send(context, plan.refusal, query)
        return
    photos: dict[str, bytes] = {}
    for file_id in plan.file_ids:
        content = await download(context.bot, rt, file_id)
        if content is not None:
            photos[file_id] = content
    replies = await asyncio.to_thread(exports.finish, rt, who, plan, photos)
    await send(context, replies, query)
