"""Sending what the core returns: the one place that turns ``Reply`` into Bot API calls.

A reply addressed to a child's web chat (``bot.people.addresses.is_web``) is kept in
their chat instead (``bot.webchat.transcript``), so an IRO who answers in Telegram
reaches a child on the web; a photo or voice note a child sent on the web is sent to
staff as the file itself.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.conversation import safety
from bot.people.addresses import is_web
from bot.platform.replies import Button, Reply
from bot.platform.runtime import Runtime
from bot.webchat import transcript
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
    await deliver(context.bot, context.application.bot_data["runtime"], replies)


async def deliver(bot: Bot, rt: Runtime, replies: list[Reply]) -> None:
    """Send replies in order, each to Telegram or to a web chat (the web channel sends
    its replies through here too, so an alert from a web child reaches staff at once)."""
    failed: set[int] = set()
    first_failure: Exception | None = None
    for index, reply in enumerate(replies):
        if reply.notification_id is not None:
            await _deliver_alert(bot, rt, replies, index, failed)
            continue
        if first_failure is not None:
            continue
        try:
            await _send_one(bot, rt, reply)
        except Exception as exc:
            first_failure = exc
    if first_failure is not None:
        raise first_failure


def _post_web(rt: Runtime, reply: Reply) -> int:
    with rt.session() as session:
        return transcript.post(session, reply, rt.clock.now())


def _web_file(rt: Runtime, file_id: str) -> InputFile:
    """A file a child sent on the web chat, as Telegram takes an upload."""
    with rt.session() as session:
        row = transcript.file_row(session, file_id)
        if row is None:
            raise LookupError("that web file is gone")
        suffix = {"photo": "jpg", "voice": "ogg"}.get(row.kind, "bin")
        return InputFile(row.content, filename=f"{row.kind}-{row.id}.{suffix}")


async def _media(rt: Runtime, file_id: str) -> str | InputFile:
    if transcript.is_web_file(file_id):
        return await asyncio.to_thread(_web_file, rt, file_id)
    return file_id


async def _set_menu(bot: Bot, chat_id: int, menu: list[tuple[str, str]]) -> None:
    """This chat's own command menu (a web chat has none). A menu that cannot be set
    is logged and never stops the replies after it."""
    if is_web(chat_id):
        return
    try:
        await bot.set_my_commands(
            [BotCommand(name, words) for name, words in menu], scope=BotCommandScopeChat(chat_id)
        )
    except TelegramError as exc:
        log.warning("command menu for chat %s not set: %s", chat_id, type(exc).__name__)


async def _send_one(bot: Bot, rt: Runtime, reply: Reply) -> int | None:
    """One reply as one Bot API call (or one row of a web chat); the id of the message
    sent, if one was."""
    if reply.menu is not None:
        await _set_menu(bot, reply.chat_id, reply.menu)
        return None
    if is_web(reply.chat_id):
        return await asyncio.to_thread(_post_web, rt, reply)
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
        photo = await _media(rt, reply.photo)
        sent = await bot.send_photo(reply.chat_id, photo, caption=reply.text or None)
    elif reply.voice:
        voice = await _media(rt, reply.voice)
        if isinstance(voice, InputFile):
            # A browser's recording (WebM or MP4) is not an OGG/Opus voice note: send
            # it as audio, which Telegram plays whatever its container.
            sent = await bot.send_audio(reply.chat_id, voice, caption=reply.text or None)
        else:
            sent = await bot.send_voice(reply.chat_id, voice, caption=reply.text or None)
    elif reply.text:
        sent = await bot.send_message(reply.chat_id, reply.text, reply_markup=markup)
    else:
        return None
    return sent.message_id


async def _deliver_alert(
    bot: Bot, rt: Runtime, replies: list[Reply], index: int, failed: set[int]
) -> None:
    """Send one part of a safeguarding alert, and record the outcome once its last part
    is sent (or any part fails), so the dispatcher re-sends it only if this failed. A
    failure never stops the other replies: the next adult is still told at once."""
    reply = replies[index]
    notification_id = reply.notification_id
    assert notification_id is not None
    if notification_id in failed:
        return
    try:
        message_id = await _send_one(bot, rt, reply)
    except Exception as exc:
        failed.add(notification_id)
        cause = f"{type(exc).__name__}: {getattr(exc, 'message', '')}"[:160]
        await asyncio.to_thread(safety.alert_not_sent, rt, notification_id, cause)
        return
    if all(r.notification_id != notification_id for r in replies[index + 1 :]):
        await asyncio.to_thread(safety.alert_sent, rt, notification_id, message_id)
