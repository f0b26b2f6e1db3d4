"""Reminders, on Telegram's side.

The social worker's and IRO's reminder buttons ("Report shared", "Remind me
tomorrow", "There's a problem", "It was held", "Done") arrive like every other
button, through ``common.button`` (``n:`` data, see ``bot.reminders.actions``),
and the few words after "There's a problem" like any other text. What is left
here is Telegram telling us that someone blocked the bot, or unblocked it, so
their reminders stop, the IRO hears of it, and they start again afterwards.
"""

from __future__ import annotations

import asyncio

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.conversation.membership import membership as changed
from handlers.common import runtime


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``my_chat_member``: the bot's status in a person's private chat changed."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    if status not in (ChatMember.BANNED, ChatMember.MEMBER):
        return
    blocked = status == ChatMember.BANNED
    await asyncio.to_thread(changed, runtime(context), change.from_user.id, blocked)
