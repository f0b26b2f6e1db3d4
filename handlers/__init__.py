"""The Telegram channel, registered in one place.

Every adapter turns an update into plain values and calls the core's one door,
``bot.conversation.handle`` (handlers/updates.py); the Application's wiring is
in handlers/app.py, sending in handlers/send.py. Order matters: PTB runs the
first matching handler of each group, so the guard goes in an earlier group and
the catch-alls come last.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.conversation import commands
from handlers import export, updates

# /start and /help work for anyone; the rest are the core's, by name.
COMMANDS = ("start", "help", *commands.COMMANDS)


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Group -1, first of all: a group chat. Its words are still screened, then it is
    # told no; nothing else sees the update.
    application.add_handler(TypeHandler(Update, updates.group), group=-1)

    # Edited messages first, so no command or answer handler acts on an edit.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, updates.edited))
    application.add_handler(CommandHandler(list(COMMANDS), updates.command))
    application.add_handler(MessageHandler(filters.COMMAND, updates.command))  # unknown ones

    # The Export button downloads photos before the document is made: its own handler,
    # ahead of the one that takes every other button.
    application.add_handler(CallbackQueryHandler(export.export, pattern=export.EXPORT_PATTERN))
    application.add_handler(CallbackQueryHandler(updates.button))
    # Someone blocked or unblocked the bot: their reminders stop or start again.
    application.add_handler(ChatMemberHandler(updates.membership, ChatMemberHandler.MY_CHAT_MEMBER))

    application.add_handler(MessageHandler(filters.TEXT, updates.words))
    # Photos, voice notes, and anything else a person can send: stickers, files...
    application.add_handler(MessageHandler(filters.ALL, updates.media))

    application.add_error_handler(updates.on_error)
