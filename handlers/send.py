"""Sending what the core returns: the one place that turns ``Reply`` into Bot API calls."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.conversation import safety
from bot.platform.replies import Button, Reply
from messages.clean import clean_shown

log = logging.getLogger(__name__)


def keyboard(buttons: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            # A label may be a name as stored: nothing in it may show it otherwise.
            [InlineKeyboardButton(clean_shown(b.label), callback_data=b.data.encode()) for b in row]
            for row in buttons
        ]
    )


async def send(
    context: ContextTypes.DEFAULT_TYPE,
    replies: list[Reply],
    query: CallbackQuery | None = None,
) -> None:
    """Send replies in order; a tapped button is always answered exactly once.

    A safeguarding alert is always attempted, whatever failed before it: if an
    ordinary reply fails, the rest of the ordinary ones are skipped, every alert is
    still sent, and the first failure is raised afterwards (the error handler logs
    it and tells the person kindly)."""
    toast = next((r.toast for r in replies if r.toast), None)
    if query is not None:
        await query.answer(toast)
    failed: set[int] = set()
    first_failure: Exception | None = None
    for index, reply in enumerate(replies):
        if reply.notification_id is not None:
            await _deliver(context, replies, index, failed)
            continue
        if first_failure is not None:
            continue
        try:
            await _send_one(context, reply)
        except Exception as exc:
            first_failure = exc
    if first_failure is not None:
        raise first_failure


async def _send_one(context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> int | None:
    """One reply as one Bot API call; the id of the message sent, if one was."""
    bot = context.bot
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
        return None
    if reply.document is not None:
        name, content = reply.document
        sent = await bot.send_document(
            reply.chat_id,
            InputFile(content, filename=name),
            caption=reply.text or None,
            reply_markup=markup,
        )
    elif reply.photo:
        sent = await bot.send_photo(reply.chat_id, reply.photo, caption=reply.text or None)
    elif reply.voice:
        sent = await bot.send_voice(reply.chat_id, reply.voice, caption=reply.text or None)
    elif reply.text:
        sent = await bot.send_message(reply.chat_id, reply.text, reply_markup=markup)
    else:
        return None
    return sent.message_id


async def _deliver(
    context: ContextTypes.DEFAULT_TYPE, replies: list[Reply], index: int, failed: set[int]
) -> None:
    """Send one part of a safeguarding alert, and record the outcome once its last part
    is sent (or any part fails), so the dispatcher re-sends it only if this failed. A
    failure never stops the other replies: the next adult is still told at once."""
    reply = replies[index]
    notification_id = reply.notification_id
    assert notification_id is not None
    if notification_id in failed:
        return
    rt = context.application.bot_data["runtime"]
    try:
        message_id = await _send_one(context, reply)
    except Exception as exc:
        failed.add(notification_id)
        cause = f"{type(exc).__name__}: {getattr(exc, 'message', '')}"[:160]
        await asyncio.to_thread(safety.alert_not_sent, rt, notification_id, cause)
        return
    if all(r.notification_id != notification_id for r in replies[index + 1 :]):
        await asyncio.to_thread(safety.alert_sent, rt, notification_id, message_id)
