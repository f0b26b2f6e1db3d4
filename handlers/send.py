"""Sending what the core returns: the one place that turns ``Reply`` into Bot API calls."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.replies import Button, Reply

log = logging.getLogger(__name__)


def keyboard(buttons: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons]
    )


async def send(
    context: ContextTypes.DEFAULT_TYPE,
    replies: list[Reply],
    query: CallbackQuery | None = None,
) -> None:
    """Send replies in order; a tapped button is always answered exactly once."""
    toast = next((r.toast for r in replies if r.toast), None)
    if query is not None:
        await query.answer(toast)
    bot = context.bot
    for reply in replies:
        markup = keyboard(reply.buttons)
        if reply.edit_message_id is not None:
            try:
                if reply.text:
                    await bot.edit_message_text(
                        reply.text, reply.chat_id, reply.edit_message_id, reply_markup=markup
                    )
                else:
                    await bot.edit_message_reply_markup(
                        reply.chat_id, reply.edit_message_id, reply_markup=markup
                    )
            except BadRequest as exc:
                # An old message may be gone or unchanged; the next reply still says it all.
                log.info("edit of message %s skipped: %s", reply.edit_message_id, exc.message)
            continue
        if reply.photo:
            await bot.send_photo(reply.chat_id, reply.photo, caption=reply.text or None)
        elif reply.voice:
            await bot.send_voice(reply.chat_id, reply.voice, caption=reply.text or None)
        elif reply.text:
            await bot.send_message(reply.chat_id, reply.text, reply_markup=markup)
