"""Telegram adapters, registered in one place. Order matters: PTB runs the first
matching handler of each group, so guards go in an earlier group and the
catch-alls come last."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import child, common, staff

COMMANDS = ("start", "help", "myreview", "mywords", "reviews", "helpchild", "stophelping")


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Group -1: refuse group chats before anything else can see the update.
    application.add_handler(TypeHandler(object, common.private_only), group=-1)

    # Edited messages first, so no command or answer handler acts on an edit.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, common.edited))

    application.add_handler(CommandHandler("start", common.start))
    application.add_handler(CommandHandler("help", common.help_command))
    application.add_handler(CommandHandler("myreview", child.my_review))
    application.add_handler(CommandHandler("mywords", child.my_words))
    application.add_handler(CommandHandler("reviews", staff.reviews))
    application.add_handler(CommandHandler("helpchild", staff.help_child))
    application.add_handler(CommandHandler("stophelping", staff.stop_helping))
    application.add_handler(MessageHandler(filters.COMMAND, common.unknown_command))

    application.add_handler(CallbackQueryHandler(common.button))

    application.add_handler(MessageHandler(filters.TEXT, child.words))
    application.add_handler(MessageHandler(filters.PHOTO, child.photo))
    application.add_handler(MessageHandler(filters.VOICE, child.voice))
    # Anything else a person can send: stickers, locations, contacts, polls, files.
    application.add_handler(MessageHandler(filters.ALL, child.other))

    application.add_error_handler(common.on_error)
